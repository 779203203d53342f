package com.sessionconsole.fleet.inventory;

/**
 * Where the audit log and the tasks are kept, as the inventory's {@code settings.audit} block says.
 *
 * @param segmentBytes the file store rotates its active file at this size
 * @param keepSegments rotated segments the file store keeps; 0 keeps all
 * @param database     a MySQL / MariaDB database shared by every console and {@code serve} replica, or null for
 *                     the file store in the data directory
 */
public record AuditSettings(long segmentBytes, int keepSegments, AuditDatabase database) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_KEEP_SEGMENTS = 32;
    public static final AuditSettings DEFAULT = new AuditSettings(DEFAULT_SEGMENT_BYTES, DEFAULT_KEEP_SEGMENTS, null);

    public AuditSettings {
        if (segmentBytes < 1024 * 1024) {
            throw new IllegalArgumentException("segmentMiB: at least 1");
        }
        if (keepSegments < 0) {
            throw new IllegalArgumentException("keepSegments: 0 (keep all) or more");
        }
    }
}
