package com.sessionconsole.killsession.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the complete lines of an audit file, forward or backward, in bounded chunks: however big the file,
 * a read holds at most {@link #MAX_LINE} bytes. A line is complete once its newline is written; the bytes after
 * the last newline are a record still being written, or one torn by a crash, and are never handed on.
 */
final class Lines {
    /** Lines are read in chunks this big, and a bigger chunk only for a line that does not fit. */
    static final int CHUNK = 64 * 1024;
    /**
     * A forward read starts with a chunk this big and doubles it up to {@link #CHUNK} while it goes on: a probe
     * of the binary search, which needs one line, reads a few KiB rather than 64.
     */
    private static final int FIRST_CHUNK = 4 * 1024;
    /** A record longer than this is skipped (and logged), wherever it is read. */
    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Lines.class);

    private Lines() {
    }

    @FunctionalInterface
    interface Visitor {
        /** One complete line without its newline, starting at {@code offset} in the file; false stops the read. */
        boolean line(byte[] bytes, int start, int end, long offset);
    }

    /**
     * Visits the complete lines from {@code from} (a line start) up to {@code to}, in file order.
     *
     * @return the offset just past the last line visited or skipped, where a later read goes on; any bytes between
     *         it and {@code to} are a line not complete yet
     */
    static long forward(FileChannel file, long from, long to, String name, Visitor visitor) throws IOException {
        byte[] bytes = new byte[(int) Math.max(0, Math.min(FIRST_CHUNK, to - from))];
        int size = FIRST_CHUNK;
        long position = from;
        while (position < to) {
            int want = (int) Math.min(size, to - position);
            if (bytes.length < want) {
                bytes = new byte[want];
            }
            int length = read(file, position, bytes, want);
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    boolean more = visitor.line(bytes, start, i, position + start);
                    start = i + 1;
                    if (!more) {
                        return position + start;
                    }
                }
            }
            if (start > 0) {
                position += start;
                size = Math.max(FIRST_CHUNK, Math.min(CHUNK, size * 2));
            } else if (length < want || position + length >= to) {
                break; // no newline up to the end: a record still being written, or torn
            } else if (size < MAX_LINE) {
                size = Math.min(MAX_LINE, size * 4); // one long record: read it whole
            } else {
                LOG.warn("{}: a record over {} bytes at byte {} is skipped", name, MAX_LINE, position);
                position = skipLine(file, position + length, to);
            }
        }
        return position;
    }

    /**
     * Visits the complete lines before {@code end} (a line start: 0, or just past a newline), newest first, until
     * the visitor stops or the file's start.
     */
    static void backward(FileChannel file, long end, String name, Visitor visitor) throws IOException {
        byte[] bytes = new byte[0];
        int size = CHUNK;
        while (end > 0) {
            long from = Math.max(0, end - size);
            int length = (int) (end - from);
            if (bytes.length < length) {
                bytes = new byte[length];
            }
            if (read(file, from, bytes, length) < length) {
                throw new IOException(name + " was cut short while it was read");
            }
            int lineEnd = length - 1; // the newline that ends the newest line not visited yet
            int visited = 0;
            while (true) {
                int newline = lastNewline(bytes, lineEnd);
                if (newline < 0 && from > 0) {
                    break; // this line starts before the chunk
                }
                if (!visitor.line(bytes, newline + 1, lineEnd, from + newline + 1) || newline < 0) {
                    return;
                }
                visited++;
                lineEnd = newline;
            }
            if (visited > 0) {
                end = from + lineEnd + 1;
                size = CHUNK;
            } else if (size < MAX_LINE) {
                size = Math.min(MAX_LINE, size * 4);
            } else {
                LOG.warn("{}: a record over {} bytes before byte {} is skipped", name, MAX_LINE, end);
                end = lineStartBefore(file, from);
                size = CHUNK;
            }
        }
    }

    /** The offset just past the file's last newline before {@code size}, or 0: where complete lines end. */
    static long completeEnd(FileChannel file, long size) throws IOException {
        return lineStartBefore(file, size);
    }

    /** The offset just past the next newline at or after {@code from}, or {@code to} when there is none. */
    static long skipLine(FileChannel file, long from, long to) throws IOException {
        byte[] bytes = new byte[8192];
        long position = from;
        while (position < to) {
            int length = read(file, position, bytes, (int) Math.min(bytes.length, to - position));
            if (length <= 0) {
                break;
            }
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    return position + i + 1;
                }
            }
            position += length;
        }
        return to;
    }

    /** The offset just past the last newline before {@code before}, or 0. */
    private static long lineStartBefore(FileChannel file, long before) throws IOException {
        byte[] bytes = new byte[8192];
        long position = before;
        while (position > 0) {
            long from = Math.max(0, position - bytes.length);
            int length = read(file, from, bytes, (int) (position - from));
            for (int i = length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return from + i + 1;
                }
            }
            position = from;
        }
        return 0;
    }

    private static int lastNewline(byte[] bytes, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads up to {@code want} bytes at {@code position}; fewer only at the file's end. */
    static int read(FileChannel file, long position, byte[] bytes, int want) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, want);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position();
    }
}
