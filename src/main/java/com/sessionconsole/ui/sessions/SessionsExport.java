package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.SessionExport;
import com.sessionconsole.common.AtomicFiles;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.common.Problems;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * "Export…" and Ctrl+C of the sessions table: the rows shown (or selected) with the fields of
 * {@code list --format json}. The file is written off the FX thread, through a temporary file and a rename.
 */
public final class SessionsExport {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    private final SessionsViewModel sessions;
    private final Supplier<Instant> readAt;
    private final Background background;
    private final ProblemLine problems;
    private final ReadOnlyStringWrapper lastExport = new ReadOnlyStringWrapper("");
    private File folder;

    /** @param readAt when the rows shown were read (the last applied refresh) */
    public SessionsExport(SessionsViewModel sessions, Supplier<Instant> readAt, Background background, ProblemLine problems) {
        this.sessions = sessions;
        this.readAt = readAt;
        this.background = background;
        this.problems = problems;
    }

    /** Asks where to write the rows shown, CSV or JSON by the name's extension, then writes them. */
    public void choose(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the sessions shown");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV (spreadsheets)", "*.csv"),
                new FileChooser.ExtensionFilter("JSON (as list --format json)", "*.json"));
        chooser.setInitialFileName("sessions-" + STAMP.format(readAt.get()) + ".csv");
        if (folder != null && folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        File chosen = chooser.showSaveDialog(owner);
        if (chosen == null) {
            return;
        }
        folder = chosen.getParentFile();
        String name = chosen.getName();
        // The chooser's JSON filter with a bare name: give the file the extension the operator picked.
        if (!name.contains(".") && chooser.getSelectedExtensionFilter() != null
                && chooser.getSelectedExtensionFilter().getExtensions().contains("*.json")) {
            chosen = new File(chosen.getParentFile(), name + ".json");
        }
        write(chosen.toPath(), owner);
    }

    /** Writes the rows shown now to {@code file}; the outcome goes to {@link #lastExportProperty()} or the problem line. */
    public void write(Path file, Window owner) {
        List<Session> shown = sessions.shownRows().stream().map(SessionRow::session).toList();
        Instant read = readAt.get();
        SessionExport.Format format = SessionExport.Format.of(file.getFileName().toString());
        background.run(() -> {
            AtomicFiles.export(file, out -> SessionExport.write(out, format, shown, read));
            return shown.size();
        }, count -> {
            String done = "Exported " + count + (count == 1 ? " session to " : " sessions to ") + file.toAbsolutePath();
            lastExport.set(done);
            if (owner != null && owner.isShowing()) {
                Notifications.create().title("Export").text(done).owner(owner).showInformation();
            }
        }, error -> {
            // The problem line's operator-action part: the export, like a kill, is something the operator just did.
            problems.killProblem("Export: " + Problems.describe(error));
            lastExport.set("");
        });
    }

    /** The rows as tab-separated text with a header, in the table's order. */
    public String clipboardText(List<SessionRow> rows) {
        return SessionExport.tabSeparated(rows.stream().map(SessionRow::session).toList(), readAt.get());
    }

    /** "Exported N sessions to FILE" after the last export that worked. */
    public ReadOnlyStringProperty lastExportProperty() {
        return lastExport.getReadOnlyProperty();
    }
}
