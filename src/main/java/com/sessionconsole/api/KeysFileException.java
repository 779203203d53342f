package com.sessionconsole.api;

import java.nio.file.Path;

/** A keys file that cannot be used, located as {@code file:line: field: problem}. Never quotes a SecretKey. */
public class KeysFileException extends Exception {
    private final int line;

    public KeysFileException(Path file, int line, String field, String problem) {
        super((file == null ? "<keys>" : file.toString()) + (line > 0 ? ":" + line : "") + ": "
                + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.line = line;
    }

    /** 1-based line, or 0 when the problem is with the whole file. */
    public int line() {
        return line;
    }
}
