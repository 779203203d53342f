package com.sessionconsole.ui.history;

import com.sessionconsole.common.AtomicFiles;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.common.Problems;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;

/**
 * "Export CSV…" of the history pane: the charted node's last hour and its shards', copied on the FX thread and
 * written off it through a temporary file and a rename.
 */
public final class HistoryExport {
    private final HistoryViewModel model;
    private final Background background;
    private final ProblemLine problems;
    private final ReadOnlyStringWrapper lastExport = new ReadOnlyStringWrapper("");

    public HistoryExport(HistoryViewModel model, Background background, ProblemLine problems) {
        this.model = model;
        this.background = background;
        this.problems = problems;
    }

    /** Writes the charted node's history and its shards' to {@code file}; a failure names the file inline. */
    public void write(Path file) {
        HistoryCsv csv = model.export();
        background.run(() -> {
            AtomicFiles.export(file, csv::write);
            return csv.nodes();
        }, nodes -> lastExport.set("History of " + nodes + (nodes == 1 ? " node" : " nodes") + " exported to "
                + file.toAbsolutePath()), error -> {
            // The problem line's operator-action part: an export, like a kill, is something the operator just did.
            problems.killProblem("History export: " + Problems.describe(error));
            lastExport.set("");
        });
    }

    /** "History of N nodes exported to FILE" after the last export that worked. */
    public ReadOnlyStringProperty lastExportProperty() {
        return lastExport.getReadOnlyProperty();
    }
}
