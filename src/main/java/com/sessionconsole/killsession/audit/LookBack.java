package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a task that memory no longer holds back from the file: from a checkpoint, the task's intent and then
 * its outcome, in small chunks and without holding the log, so a look far back never holds up the writer.
 */
final class LookBack {
    /** Reading back goes in chunks this big, so a look back never allocates much. */
    private static final int CHUNK = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LookBack.class);
    private static final byte[] INTENT_PREFIX = ("{\"type\":\"intent\",\"taskId\":")
            .getBytes(StandardCharsets.US_ASCII);

    private LookBack() {
    }

    /**
     * Finds a task's intent at or after {@code from} and its outcome after that, reading no further than
     * {@code upTo}. Intents are in TaskId order, so the search for the intent ends at the first larger TaskId.
     *
     * @return the task as a reader sees it, or null when the file holds no usable intent of it
     */
    static KillTask find(Path file, long taskId, long from, long upTo) throws IOException {
        byte[] mark = ("\"taskId\":" + taskId).getBytes(StandardCharsets.US_ASCII);
        KillTask found = null;
        ProcessIdentity owner = null;
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long offset = from;
            int chunk = CHUNK;
            while (offset < upTo) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunk, upTo - offset));
                while (buffer.hasRemaining() && reader.read(buffer, offset + buffer.position()) > 0) {
                    // read the chunk, or up to the end
                }
                byte[] bytes = buffer.array();
                int length = buffer.position();
                if (length == 0) {
                    break;
                }
                int start = 0;
                for (int i = 0; i < length; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    if (found == null && intentAfter(bytes, start, i, taskId)) {
                        return null; // a later task's intent: this TaskId was never recorded (or is unreadable)
                    }
                    if (contains(bytes, start, i, mark)) {
                        JsonNode record = AuditRecords.read(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                        String type = record == null ? "" : AuditRecords.type(record);
                        try {
                            if (found == null && type.equals(AuditRecords.INTENT)
                                    && AuditRecords.taskId(record) == taskId) {
                                found = AuditRecords.intentTask(record);
                                owner = AuditRecords.owner(record);
                            } else if (found != null && type.equals(AuditRecords.OUTCOME)
                                    && AuditRecords.taskId(record) == taskId) {
                                return AuditRecords.outcomeTask(found, record);
                            }
                        } catch (RuntimeException e) {
                            // Valid JSON this version cannot use: skipped, as when the log is read from the start.
                            LOG.warn("{}: record at byte {} skipped: {}", file, offset + start, e.toString());
                        }
                    }
                    start = i + 1;
                }
                if (start == 0 && chunk < AuditTail.READ_CHUNK) {
                    chunk = AuditTail.READ_CHUNK; // one long record: read it whole
                    continue;
                }
                if (start == 0) {
                    // A record longer than READ_CHUNK: skipped, as it is when the log is read from the start.
                    offset = AuditTail.skipLine(reader, offset + length, upTo);
                    chunk = CHUNK;
                    continue;
                }
                chunk = CHUNK;
                offset += start;
            }
        }
        return RecentTasks.view(found, owner);
    }

    /** Whether the line is an intent, as this log writes them, of a TaskId larger than {@code taskId}. */
    private static boolean intentAfter(byte[] bytes, int start, int end, long taskId) {
        if (end - start <= INTENT_PREFIX.length || !Arrays.equals(bytes, start, start + INTENT_PREFIX.length,
                INTENT_PREFIX, 0, INTENT_PREFIX.length)) {
            return false;
        }
        long id = 0;
        int digits = 0;
        for (int i = start + INTENT_PREFIX.length; i < end && digits < 18 && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            id = id * 10 + (bytes[i] - '0');
            digits++;
        }
        return digits > 0 && id > taskId;
    }

    /** Whether the line holds {@code mark} followed by something other than a digit. */
    private static boolean contains(byte[] bytes, int start, int end, byte[] mark) {
        outer:
        for (int i = start; i + mark.length < end; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (bytes[i + j] != mark[j]) {
                    continue outer;
                }
            }
            byte next = bytes[i + mark.length];
            if (next < '0' || next > '9') {
                return true;
            }
        }
        return false;
    }
}
