package com.sessionconsole.killsession.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit files of one data directory: the active {@code audit.jsonl}, which is appended to, and the segments
 * it was rotated into, {@code audit.<first TaskId, 16 digits>.jsonl}. Every TaskId fits 16 digits, so the names
 * sort as the TaskIds do; each segment holds the tasks from its first TaskId to the next file's.
 *
 * <p>A file is told apart from a later one under the same name by its identity (its inode on POSIX): a process
 * whose channel still points at a file that was renamed sees it and reopens the name.
 */
final class AuditFiles {
    static final String ACTIVE = "audit.jsonl";
    private static final int DIGITS = 16;
    private static final Pattern SEGMENT = Pattern.compile("audit\\.(\\d{" + DIGITS + "})\\.jsonl");
    private static final Logger LOG = LoggerFactory.getLogger(AuditFiles.class);

    /** A rotated file and the first TaskId its name claims. */
    record Segment(long firstTaskId, Path path) {
    }

    /** A file opened for reading, with the identity it had when opened. */
    record Opened(FileChannel file, Object key) {
    }

    private final Path dir;

    AuditFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path active() {
        return dir.resolve(ACTIVE);
    }

    Path segment(long firstTaskId) {
        return dir.resolve(segmentName(firstTaskId));
    }

    static String segmentName(long firstTaskId) {
        return String.format("audit.%0" + DIGITS + "d.jsonl", firstTaskId);
    }

    /** The segments, oldest first. */
    List<Segment> segments() throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(dir, "audit.*.jsonl")) {
            for (Path path : names) {
                Matcher name = SEGMENT.matcher(path.getFileName().toString());
                if (!name.matches()) {
                    continue;
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    segments.add(new Segment(Long.parseLong(name.group(1)), path));
                } else {
                    // A FIFO or a device would hang its reader: a name that is not a plain file is not read.
                    LOG.warn("{} is not a regular file: it is not read as a segment", path);
                }
            }
        }
        segments.sort(Comparator.comparingLong(Segment::firstTaskId));
        return segments;
    }

    /** The file's identity (its inode and device on POSIX), or null when there is no such file. */
    static Object key(Path path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            // Without a file key (a file system that has none) the creation time tells a new file from the old.
            return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Opens a file for reading, with its identity, or returns null when there is none. The name is looked at
     * before and after opening, so the identity is the opened file's even when the name was rotated in between.
     */
    static Opened openForReading(Path path) throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            Object before = key(path);
            FileChannel file = openIfThere(path);
            if (file == null) {
                if (before == null && key(path) == null) {
                    return null;
                }
                continue; // renamed between the two looks: look again
            }
            Object after = key(path);
            if (before != null && before.equals(after)) {
                return new Opened(file, after);
            }
            file.close();
        }
        throw new IOException(path + " keeps changing while it is opened");
    }

    /**
     * The file open for reading, or null when there is none (deleted by retention, renamed meanwhile). A channel
     * of NIO, so that on Windows too the file may be renamed or deleted while it is open.
     */
    static FileChannel openIfThere(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Makes renames and new files in the directory durable (on POSIX, a directory can be synced). */
    void syncDir() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("{}: the directory cannot be synced here: {}", dir, e.getMessage());
        }
    }
}
