package com.sessionconsole.ui.common;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file the operator asked for (an export) through a temporary file in the same folder and a rename, so the
 * file is either the old one or the whole new one, never half written. Off the FX thread: it does I/O.
 */
public final class AtomicWrite {

    /** What goes into the file. */
    public interface Content {
        void write(Writer out) throws IOException;
    }

    private AtomicWrite() {
    }

    /** Writes {@code file}; a failure names the file, and no temporary file is left behind. */
    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(folder, "." + target.getFileName(), ".part");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.write(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
