package com.sessionconsole.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns; the last column may be long and is cut at {@code lastWidth}. */
final class Table {
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final int lastWidth;

    Table(int lastWidth, String... headers) {
        this.headers = List.of(headers);
        this.lastWidth = lastWidth;
    }

    void row(Object... cells) {
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] == null ? "" : cells[i].toString().replaceAll("\\s+", " ").strip();
        }
        rows.add(text);
    }

    /** A row whose first cell is indented by {@code depth} steps: a tree drawn in a table. */
    void indentedRow(int depth, Object... cells) {
        row(cells);
        String[] text = rows.get(rows.size() - 1);
        text[0] = "   ".repeat(Math.max(0, depth - 1)) + (depth > 0 ? "`- " : "") + text[0];
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < widths.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, headers.toArray(new String[0]), widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
    }

    private void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            if (i == cells.length - 1) {
                text.append(cell.length() > lastWidth ? cell.substring(0, lastWidth - 3) + "..." : cell);
            } else {
                text.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        out.println(text.toString().stripTrailing());
    }
}
