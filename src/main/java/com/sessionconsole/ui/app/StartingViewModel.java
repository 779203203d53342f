package com.sessionconsole.ui.app;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** What the start-up view says: what is being opened, then, if it fails, why the console could not start. */
final class StartingViewModel {
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    void opening(String what) {
        message.set(what);
        problem.set("");
    }

    void failed(String why) {
        problem.set("The console could not start: " + why);
    }

    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Empty while the fleet opens. */
    ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
