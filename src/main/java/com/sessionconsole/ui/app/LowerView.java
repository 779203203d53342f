package com.sessionconsole.ui.app;

/** The tabs under the sessions table, as the launcher's --show names them, with the id of each tab. */
public enum LowerView {
    DETAILS("detailsTab"), LOCKS("locksTab"), TASKS("tasksTab"), RULES("rulesTab"), HISTORY("historyTab");

    private final String tabId;

    LowerView(String tabId) {
        this.tabId = tabId;
    }

    /** The id of the tab in MainView.fxml, the form the window remembers. */
    public String tabId() {
        return tabId;
    }
}
