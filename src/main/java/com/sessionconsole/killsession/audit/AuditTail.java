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

/**
 * Follows the log's end: reads what was appended since the last read (by this process or another) into the
 * recent tasks. Each read opens a channel of its own, so an interrupted reader closes only that one, never the
 * writer's. Not thread-safe: the store guards it.
 */
final class AuditTail {
    /** Records are read in chunks this big; a longer record is skipped. */
    static final int READ_CHUNK = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AuditTail.class);

    private final Path file;
    private final RecentTasks recent;
    private long readOffset;
    private boolean endsWithNewline = true;

    AuditTail(Path file, RecentTasks recent) {
        this.file = file;
        this.recent = recent;
    }

    /** How far the file has been read. */
    long offset() {
        return readOffset;
    }

    /** False when the file ends in a torn record (a crash mid-write): the next append starts a new line. */
    boolean endsWithNewline() {
        return endsWithNewline;
    }

    /** Records appended by this process at the end it had read, taken in as written: the file is read to here. */
    void advancedTo(long offset) {
        readOffset = offset;
        endsWithNewline = true;
    }

    /**
     * Reads what was appended since the last read.
     *
     * @param size the file's size as the caller sees it, or -1 to read whatever is there
     */
    void catchUp(long size) throws IOException {
        if (size >= 0 && size == readOffset && endsWithNewline) {
            return; // nothing new: no need to open a reader
        }
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = reader.size();
            while (readOffset < end) {
                // Bounded chunks: a years-long log is read piece by piece, never into one huge buffer.
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, end - readOffset));
                while (buffer.hasRemaining() && reader.read(buffer, readOffset + buffer.position()) > 0) {
                    // read the chunk, or up to the end
                }
                byte[] bytes = buffer.array();
                int length = buffer.position();
                int start = 0;
                for (int i = 0; i < length; i++) {
                    if (bytes[i] == '\n') {
                        take(new String(bytes, start, i - start, StandardCharsets.UTF_8), readOffset + start);
                        start = i + 1;
                    }
                }
                if (start == 0 && length == READ_CHUNK) {
                    LOG.warn("{}: a record over {} bytes at byte {} is skipped", file, READ_CHUNK, readOffset);
                    readOffset = skipLine(reader, readOffset + length, end);
                    continue;
                }
                readOffset += start;
                if (start < length && readOffset + (length - start) >= end) {
                    // A torn last line (a crash mid-write) stays unread; the next append starts on a new line.
                    endsWithNewline = false;
                    LOG.warn("{}: an incomplete last record at byte {} is ignored", file, readOffset);
                    return;
                }
                if (length == 0) {
                    break;
                }
            }
            endsWithNewline = true;
        }
    }

    private void take(String line, long offset) {
        if (line.isBlank()) {
            return;
        }
        JsonNode record = AuditRecords.read(line);
        if (record == null) {
            LOG.warn("{}: unreadable record at byte {} skipped", file, offset);
            return;
        }
        long taskId = AuditRecords.taskId(record);
        if (record.has("taskId") && (taskId <= 0 || taskId > RecentTasks.MAX_TASK_ID)) {
            LOG.warn("{}: record at byte {} skipped: TaskId {} is out of range", file, offset,
                    record.path("taskId").asText());
            return;
        }
        try {
            String type = AuditRecords.type(record);
            if (type.equals(AuditRecords.INTENT)) {
                recent.began(AuditRecords.intentTask(record), AuditRecords.owner(record), offset);
            } else if (type.equals(AuditRecords.OUTCOME)) {
                KillTask task = recent.inMemory(AuditRecords.taskId(record));
                if (task != null) {
                    recent.ended(AuditRecords.outcomeTask(task, record));
                }
            }
        } catch (RuntimeException e) {
            // Valid JSON we cannot use (a newer version's value, a missing field): skip it, never stop on it.
            LOG.warn("{}: record at byte {} skipped: {}", file, offset, e.toString());
        }
    }

    /** The offset just past the next newline at or after {@code from}, or {@code size}. */
    static long skipLine(FileChannel reader, long from, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8192);
        long position = from;
        while (position < size) {
            one.clear();
            int read = reader.read(one, position);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (one.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
        return size;
    }
}
