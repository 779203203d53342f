package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The binary search for one task's intent in one file whose intents are in TaskId order. The range of bytes
 * that holds the intent's line start is halved until it is {@value #SCAN} bytes, which are then read line by
 * line: some twenty reads of a few KiB in a 64 MiB segment. A probe recognises an intent by its bytes
 * ({@link LookBack#intentId}) and parses only the line it is after.
 */
final class IntentSearch {
    /** Below this many bytes the range is read line by line. */
    private static final int SCAN = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IntentSearch.class);

    /** The intent found: what it says, and where the line after it starts. */
    record Hit(long end, KillTask task, ProcessIdentity owner) {
    }

    /** An intent line, by its bytes. */
    private record Probe(long start, long next, long taskId) {
    }

    private IntentSearch() {
    }

    /** The task's intent in the file, or null when the file holds no usable one. */
    static Hit search(FileChannel file, long taskId, String name) throws IOException {
        long size = file.size();
        long lo = 0; // the intent's line starts at or after lo (a line start) ...
        long hi = size; // ... and before hi
        while (hi - lo > SCAN) {
            long mid = lo + (hi - lo) / 2;
            Probe probe = nextIntent(file, Lines.skipLine(file, mid - 1, size), size, name);
            if (probe == null || probe.start() >= hi || probe.taskId() > taskId) {
                hi = mid; // no line from mid to hi holds it: every line start before the probe's is before mid
            } else if (probe.taskId() < taskId) {
                lo = probe.next();
            } else {
                lo = probe.start();
                break;
            }
        }
        return scan(file, lo, size, taskId, name);
    }

    /** The first intent line at or after {@code from} (a line start), or null. */
    private static Probe nextIntent(FileChannel file, long from, long size, String name) throws IOException {
        Probe[] probe = new Probe[1];
        Lines.forward(file, from, size, name, (bytes, start, end, offset) -> {
            long taskId = LookBack.intentId(bytes, start, end);
            if (taskId > 0) {
                probe[0] = new Probe(offset, offset + end - start + 1, taskId);
            }
            return probe[0] == null;
        });
        return probe[0];
    }

    /** Reads lines from {@code from} until the task's usable intent, or an intent of a later task. */
    private static Hit scan(FileChannel file, long from, long size, long taskId, String name)
            throws IOException {
        Hit[] hit = new Hit[1];
        boolean[] past = new boolean[1];
        Lines.forward(file, from, size, name, (bytes, start, end, offset) -> {
            long id = LookBack.intentId(bytes, start, end);
            if (id > taskId) {
                past[0] = true; // this TaskId was never recorded here (or its intent is unreadable)
            } else if (id == taskId) {
                hit[0] = usable(bytes, start, end, offset + end - start + 1, taskId, name, offset);
            }
            return hit[0] == null && !past[0];
        });
        return hit[0];
    }

    /** The intent as a task, or null when it is torn or this version cannot use it: then the next line is read. */
    private static Hit usable(byte[] bytes, int start, int end, long next, long taskId, String name, long offset) {
        JsonNode record = AuditRecords.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (record == null || AuditRecords.taskId(record) != taskId) {
            return null;
        }
        try {
            return new Hit(next, AuditRecords.intentTask(record), AuditRecords.owner(record));
        } catch (RuntimeException e) {
            // Valid JSON this version cannot use (a newer version's value): skipped, as when read in order.
            LOG.warn("{}: record at byte {} skipped: {}", name, offset, e.toString());
            return null;
        }
    }
}
