package com.sessionconsole.ui.rules;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.rules.GroupBy;
import com.sessionconsole.killsession.rules.Groups;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The fleet's sessions of the last refresh summed up by user, host, db, command or statement fingerprint; a group
 * becomes a rule in the rules pane in one step.
 */
public final class GroupsViewModel {
    private final SessionsViewModel sessions;
    private final RulesPaneViewModel pane;
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(GroupBy.FINGERPRINT);
    private final ObservableList<Groups.Group> groups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final Background background;
    private long grouping;

    public GroupsViewModel(SessionsViewModel sessions, RulesPaneViewModel pane, Background background) {
        this.sessions = sessions;
        this.pane = pane;
        this.background = background;
        groupBy.addListener((obs, was, now) -> regroup());
        sessions.generationProperty().addListener((obs, was, now) -> regroup());
    }

    /** Fingerprinting 50,000 statements takes a while: off the FX thread, the newest answer only. */
    void regroup() {
        long number = ++grouping;
        GroupBy by = groupBy.get();
        List<Session> rows = sessions.allRows().stream().map(SessionRow::session).toList();
        background.run(() -> Groups.of(rows, by), found -> {
            if (number == grouping) {
                groups.setAll(found);
            }
        }, error -> note.set("Groups: " + error.getMessage()));
    }

    /** Prefills the rules pane with the rule that takes this group; its matches light up at once. */
    public void makeRule(Groups.Group group) {
        Rule rule = group == null ? null : group.rule();
        if (rule == null) {
            note.set(group == null ? "Choose a group first" : "No condition names " + group.label()
                    + ": group by another column");
            return;
        }
        note.set("");
        pane.use(rule);
    }

    public ObjectProperty<GroupBy> groupByProperty() {
        return groupBy;
    }

    public ObservableList<Groups.Group> groups() {
        return groups;
    }

    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
