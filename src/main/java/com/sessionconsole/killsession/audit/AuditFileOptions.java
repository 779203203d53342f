package com.sessionconsole.killsession.audit;

/**
 * How big the active audit file may grow before it is rotated into a segment, and how many segments are kept.
 *
 * @param segmentBytes once {@code audit.jsonl} holds this many bytes (and at least one task), the next write
 *                     renames it to a segment named by its first TaskId and starts a new one; at least 1 KiB
 * @param keepSegments the most segments kept: the oldest beyond it are deleted at each rotation, with the tasks
 *                     they hold; 0 keeps every segment
 */
public record AuditFileOptions(long segmentBytes, int keepSegments) {
    /** 64 MiB, about 130,000 tasks: one segment is searched in a few milliseconds. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** 32 segments of 64 MiB: about 2 GiB, some four million tasks. */
    public static final int DEFAULT_KEEP_SEGMENTS = 32;
    public static final long MIN_SEGMENT_BYTES = 1024;
    public static final AuditFileOptions DEFAULT = new AuditFileOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_KEEP_SEGMENTS);

    public AuditFileOptions {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES);
        }
        if (keepSegments < 0) {
            throw new IllegalArgumentException("keepSegments must be 0 (keep all) or more");
        }
    }
}
