package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;

/**
 * The plan of the focused session's running statement, read on demand (the Explain button) off the FX thread;
 * the service bounds the read by a shard's timeout. A plan belongs to the session it was read for: another
 * focus clears it, and an answer for a session no longer focused is dropped.
 */
public final class SessionPlanViewModel {
    /** Reads a plan (blocking: it runs on the background threads). */
    @FunctionalInterface
    public interface PlanSource {
        ExplainPlan explain(String instanceId, String shardId, long sessionId) throws Exception;
    }

    static final String PROMPT = "the plan the running statement uses now";

    private final SessionsViewModel sessions;
    private final Background background;
    private final PlanSource source;
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<List<String>> rows = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty(PROMPT);
    private final BooleanProperty reading = new SimpleBooleanProperty();
    private final BooleanProperty runsStatement = new SimpleBooleanProperty();
    // Kept for the view model's life: a binding made on the fly would be collected and stop updating.
    private final BooleanBinding cannotExplain = runsStatement.not().or(reading);
    private final BooleanBinding noPlan = Bindings.isEmpty(rows);
    private long issued;

    public SessionPlanViewModel(SessionsViewModel sessions, Background background, PlanSource source) {
        this.sessions = sessions;
        this.background = background;
        this.source = source;
        sessions.focusedProperty().addListener((obs, was, now) -> {
            // A refresh hands a new row for the same session: its plan stays while it runs the same statement.
            if (was == null || now == null || !was.key().equals(now.key())
                    || !Objects.equals(was.session().statement(), now.session().statement())) {
                clear();
            }
            runsStatement.set(now != null && now.session().statement() != null);
        });
    }

    private void clear() {
        issued++;
        reading.set(false);
        columns.clear();
        rows.clear();
        message.set(PROMPT);
    }

    /** Reads the plan of the focused session's statement. */
    public void explain() {
        SessionRow row = sessions.focusedProperty().get();
        if (row == null) {
            return;
        }
        Session s = row.session();
        long number = ++issued;
        reading.set(true);
        message.set("Reading the plan of session " + s.id() + "…");
        background.run(() -> source.explain(s.shard().instanceId(), s.shard().shardId(), s.id()), plan -> {
            if (number != issued) {
                return;
            }
            reading.set(false);
            columns.setAll(plan.columns());
            rows.setAll(plan.rows());
            message.set(plan.hasPlan() ? "Plan of session " + s.id() + " (" + plan.rows().size()
                    + (plan.rows().size() == 1 ? " row" : " rows") + ")" : "No plan: " + plan.reason() + ".");
        }, error -> {
            if (number == issued) {
                reading.set(false);
                columns.clear();
                rows.clear();
                message.set("The plan could not be read: " + Problems.describe(error));
            }
        });
    }

    public ObservableList<String> columns() {
        return columns;
    }

    public ObservableList<List<String>> rows() {
        return rows;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty readingProperty() {
        return reading;
    }

    public BooleanBinding cannotExplain() {
        return cannotExplain;
    }

    public BooleanBinding noPlan() {
        return noPlan;
    }
}
