package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Follows the log's end: reads what was appended since the last read (by this process or another) into the
 * recent tasks, across rotations. It keeps the file it follows open: once {@code audit.jsonl} names another file
 * (the writer that rotated it renamed it to a segment, under the lock), nothing is written to the old one any
 * more, so the tail reads it to its end and goes on at the start of the new {@code audit.jsonl}. A process that
 * fell more than one rotation behind reads the newest tasks again, as at open, rather than whole segments.
 * A reader thread that is interrupted mid-read closes the channel (NIO does); the file is then found again by
 * its identity. Not thread-safe: the store guards it.
 */
final class AuditTail implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTail.class);

    private final AuditFiles files;
    private final RecentTasks recent;
    /** The file followed; null while there is no {@code audit.jsonl} (a rotation half done by a process killed). */
    private FileChannel reader;
    /** The identity of the file followed last, even once closed; null when none was. */
    private Object key;
    /** An interrupted read closed the channel: the file is opened again by its identity before the next read. */
    private boolean lost;
    /** While a reload is due (one failed half way): this process's unfinished tasks, put back once it is done. */
    private Map<Long, KillTask> keptOwn;
    private long readOffset;
    private boolean endsWithNewline = true;
    private long warnedAt = -1;

    AuditTail(AuditFiles files, RecentTasks recent) {
        this.files = files;
        this.recent = recent;
    }

    /** How far the file followed has been read. */
    long offset() {
        return readOffset;
    }

    /** False when the file ends in a torn record (a crash mid-write): the next append starts a new line. */
    boolean endsWithNewline() {
        return endsWithNewline;
    }

    /** Whether the file followed is this one (by identity). */
    boolean follows(Object fileKey) {
        return reader != null && fileKey != null && fileKey.equals(key);
    }

    /** Records appended by this process at the end it had read, taken in as written: the file is read to here. */
    void advancedTo(long offset) {
        readOffset = offset;
        endsWithNewline = true;
    }

    /** Reads the newest tasks backwards ({@link NewestTasks}), then follows {@code audit.jsonl} from its end. */
    void load() throws IOException {
        close();
        lost = false;
        AuditFiles.Opened opened = AuditFiles.openForReading(files.active());
        long end = 0;
        key = null;
        if (opened != null) {
            reader = opened.file();
            key = opened.key();
            end = Lines.completeEnd(reader, reader.size());
        }
        NewestTasks.load(files, reader, end, recent);
        readOffset = end;
        endsWithNewline = true;
        readAppended(); // what was appended meanwhile, and a torn last line
    }

    /** Reads what was appended since the last read, following a rotation. */
    void catchUp() throws IOException {
        if (keptOwn != null) {
            reload();
            return;
        }
        if (lost) {
            findAgain();
        }
        for (int hop = 0; hop < 4; hop++) { // each hop is one rotation; more mean reading the newest tasks again
            readAppended();
            Object now = AuditFiles.key(files.active());
            if (reader != null ? key.equals(now) : now == null) {
                return;
            }
            readAppended(); // rotated: nobody writes the old file any more, so this is its end
            if (key == null || !key.equals(newestSegmentKey())) {
                LOG.info("{} is neither the file read last nor the one after it (several rotations since): the newest"
                        + " tasks are read again", files.active());
                reload();
                return;
            }
            close();
            AuditFiles.Opened next = AuditFiles.openForReading(files.active());
            if (next != null) {
                reader = next.file();
                key = next.key();
            }
            readOffset = 0;
            endsWithNewline = true;
        }
    }

    /** Opens the file followed again, as audit.jsonl or as the segment it became; else reads the newest again. */
    private void findAgain() throws IOException {
        List<AuditFiles.Segment> segments = files.segments();
        List<Path> names = segments.isEmpty() ? List.of(files.active())
                : List.of(files.active(), segments.get(segments.size() - 1).path());
        for (Path name : names) {
            AuditFiles.Opened opened = AuditFiles.openForReading(name);
            if (opened != null && opened.key().equals(key)) {
                reader = opened.file();
                lost = false;
                return;
            }
            if (opened != null) {
                opened.file().close();
            }
        }
        reload(); // deleted meanwhile (retention)
    }

    private Object newestSegmentKey() throws IOException {
        List<AuditFiles.Segment> segments = files.segments();
        return segments.isEmpty() ? null : AuditFiles.key(segments.get(segments.size() - 1).path());
    }

    private void reload() throws IOException {
        if (keptOwn == null) {
            keptOwn = recent.forgetAllButOwn();
        } else {
            recent.forgetAllButOwn().forEach(keptOwn::putIfAbsent); // what the failed one had read
        }
        load();
        keptOwn.values().forEach(recent::keepOwn);
        keptOwn = null;
    }

    private void readAppended() throws IOException {
        try {
            read();
        } catch (ClosedChannelException e) {
            reader = null;
            lost = key != null;
            throw e;
        }
    }

    private void read() throws IOException {
        if (reader == null) {
            return;
        }
        long size = reader.size();
        if (size == readOffset && endsWithNewline || size == warnedAt) {
            return; // nothing new (or only the same torn line): nothing to read
        }
        if (size < readOffset) {
            readOffset = Lines.completeEnd(reader, size); // a failed batch was taken back
        }
        readOffset = Lines.forward(reader, readOffset, size, files.active().toString(), this::take);
        endsWithNewline = readOffset == size;
        if (!endsWithNewline && warnedAt != size) {
            // A torn last line (a crash mid-write) stays unread; the next append starts on a new line.
            LOG.warn("{}: an incomplete last record at byte {} is ignored", files.active(), readOffset);
            warnedAt = size;
        }
    }

    private boolean take(byte[] bytes, int start, int end, long offset) {
        if (end <= start) {
            return true;
        }
        JsonNode record = AuditRecords.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (record == null) {
            LOG.warn("{}: unreadable record at byte {} skipped", files.active(), offset);
            return true;
        }
        long taskId = AuditRecords.taskId(record);
        if (record.has("taskId") && (taskId <= 0 || taskId > RecentTasks.MAX_TASK_ID)) {
            LOG.warn("{}: record at byte {} skipped: TaskId {} is out of range", files.active(), offset,
                    record.path("taskId").asText());
            return true;
        }
        try {
            String type = AuditRecords.type(record);
            if (type.equals(AuditRecords.INTENT)) {
                recent.began(AuditRecords.intentTask(record), AuditRecords.owner(record));
            } else if (type.equals(AuditRecords.OUTCOME)) {
                KillTask task = recent.inMemory(taskId);
                if (task != null) {
                    recent.ended(AuditRecords.outcomeTask(task, record));
                }
            }
        } catch (RuntimeException e) {
            // Valid JSON we cannot use (a newer version's value, a missing field): skip it, never stop on it.
            LOG.warn("{}: record at byte {} skipped: {}", files.active(), offset, e.toString());
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        warnedAt = -1;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
