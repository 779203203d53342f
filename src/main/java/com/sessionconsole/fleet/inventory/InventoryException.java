package com.sessionconsole.fleet.inventory;

import java.nio.file.Path;

/**
 * An inventory that cannot be used. The message names the file, the line and the field, so the operator can
 * go straight to the mistake; nothing is started from a refused inventory.
 */
public class InventoryException extends Exception {
    private final Path file;
    private final int line;
    private final String field;

    public InventoryException(Path file, int line, String field, String problem) {
        super(format(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
    }

    private static String format(Path file, int line, String field, String problem) {
        StringBuilder text = new StringBuilder();
        text.append(file == null ? "<inventory>" : file.toString());
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (field != null && !field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is with the whole file. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
