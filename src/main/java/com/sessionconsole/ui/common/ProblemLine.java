package com.sessionconsole.ui.common;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one inline error line under the toolbar that replaces any error dialog. A kill's trouble and a refresh's
 * trouble are kept apart, so a refresh that answers cleanly clears its own part and leaves the kill's standing.
 */
public final class ProblemLine {
    private static final String BETWEEN = "   |   ";

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private String killProblem = "";
    private String refreshProblem = "";

    /** The last kill's trouble (or the task history's), or empty after a clean kill. */
    public void killProblem(String message) {
        killProblem = message == null ? "" : message;
        publish();
    }

    /** The last refresh's trouble, or empty when every shard answered. */
    public void refreshProblem(String message) {
        refreshProblem = message == null ? "" : message;
        publish();
    }

    public void dismiss() {
        killProblem = "";
        refreshProblem = "";
        publish();
    }

    private void publish() {
        text.set(killProblem.isEmpty() ? refreshProblem
                : refreshProblem.isEmpty() ? killProblem : killProblem + BETWEEN + refreshProblem);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
