package com.sessionconsole.common;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that a reader (the command line, another window, the program the operator exported for) only
 * ever sees the old file or the whole new one: a temporary file beside it, flushed to disk, then renamed over it.
 * No temporary file is left behind when the write fails.
 */
public final class AtomicFiles {

    /** What goes into the file. */
    public interface Content {
        void write(Writer out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * A file of the console's own (inventory, rules, window state); its folder is made if missing.
     *
     * @param ownerOnly rw------- (a file that may hold a password)
     */
    public static void write(Path file, String text, boolean ownerOnly) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        replace(file.toAbsolutePath(), out -> out.write(text), ownerOnly);
    }

    /**
     * A file the operator asked for (an export), into a folder that must exist; off the FX thread, it does I/O.
     * A failure says which file and why.
     */
    public static void export(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        try {
            replace(target, content, false);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static void replace(Path target, Content content, boolean ownerOnly) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // A malformed character (a lone surrogate) is written as '?', as String.getBytes would, not refused.
                Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE), -1));
                content.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
