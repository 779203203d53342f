package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Transaction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.stream.Collectors;

/** The details pane's text for the focused session: statement, transaction, and who blocks whom. */
public final class SessionDetailsViewModel {
    private final SessionsViewModel sessions;
    private final StringProperty title = new SimpleStringProperty("No session selected");
    private final StringProperty who = new SimpleStringProperty("");
    private final StringProperty activity = new SimpleStringProperty("");
    private final StringProperty transaction = new SimpleStringProperty("");
    private final StringProperty blockedBy = new SimpleStringProperty("");
    private final StringProperty blocks = new SimpleStringProperty("");
    private final StringProperty protection = new SimpleStringProperty("");
    private final StringProperty statement = new SimpleStringProperty("");
    private final ObjectProperty<SessionKey> blocker = new SimpleObjectProperty<>();

    public SessionDetailsViewModel(SessionsViewModel sessions) {
        this.sessions = sessions;
        sessions.focusedProperty().addListener((obs, was, now) -> show(now));
    }

    void show(SessionRow row) {
        if (row == null) {
            title.set("No session selected");
            for (StringProperty text : new StringProperty[] {who, activity, transaction, blockedBy, blocks, protection, statement}) {
                text.set("");
            }
            blocker.set(null);
            return;
        }
        Session s = row.session();
        title.set("Session " + s.id() + " on " + s.shard().shardId() + " (" + s.shard().instanceId() + ")");
        who.set(row.userAtHost() + (s.db() == null ? "" : "   db " + s.db()));
        activity.set(s.command() + " for " + s.timeSeconds() + " s" + (s.state() == null || s.state().isBlank() ? "" : "   state: " + s.state()));
        transaction.set(describe(s.transaction()));
        protection.set(s.isProtected() ? "Protected: " + s.protectedReason() + " (a kill skips it)" : "");
        statement.set(s.statement() == null ? "" : s.statement());
        if (s.blockedBy() != null) {
            SessionKey key = new SessionKey(s.shard().key(), s.blockedBy());
            blocker.set(key);
            blockedBy.set("Waits for a lock held by session " + s.blockedBy()
                    + sessions.row(key).map(b -> " (" + b.userAtHost() + ", " + b.session().command() + ")").orElse(""));
        } else {
            blocker.set(null);
            blockedBy.set(s.waitingForLock() ? "Waits for a lock" : "");
        }
        if (row.blocker()) {
            String waiters = sessions.allRows().stream()
                    .filter(r -> r.key().shardKey().equals(row.key().shardKey()) && Long.valueOf(s.id()).equals(r.session().blockedBy()))
                    .map(r -> String.valueOf(r.session().id())).collect(Collectors.joining(", "));
            blocks.set("Holds locks that session " + waiters + " wait" + (row.waiters() == 1 ? "s" : "") + " for");
        } else {
            blocks.set("");
        }
    }

    static String describe(Transaction trx) {
        if (trx == null) {
            return "No open transaction";
        }
        return "Open " + trx.ageSeconds() + " s, " + rows(trx.rowsModified()) + " modified (rolled back by a kill connection), "
                + rows(trx.rowsLocked()) + " locked, " + trx.state();
    }

    private static String rows(long count) {
        return count + (count == 1 ? " row" : " rows");
    }

    /** Selects the blocker in the table. */
    public void jumpToBlocker() {
        if (blocker.get() != null) {
            sessions.jumpTo(blocker.get());
        }
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty whoProperty() {
        return who;
    }

    public StringProperty activityProperty() {
        return activity;
    }

    public StringProperty transactionProperty() {
        return transaction;
    }

    public StringProperty blockedByProperty() {
        return blockedBy;
    }

    public StringProperty blocksProperty() {
        return blocks;
    }

    public StringProperty protectionProperty() {
        return protection;
    }

    public StringProperty statementProperty() {
        return statement;
    }

    public ObjectProperty<SessionKey> blockerProperty() {
        return blocker;
    }
}
