package com.sessionconsole.ui.rules;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleBook;
import com.sessionconsole.killsession.rules.RuleMatch;
import com.sessionconsole.killsession.rules.RuleMatcher;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.killsession.rules.RulesWriter;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.sessions.SessionKey;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules pane: the rule being built ({@link RuleFormViewModel}), what it takes from the last refresh (lit up in
 * the table and counted per shard as the operator types; no I/O: the kill reads live), and the saved rules of
 * the rules file beside the inventory, read and written off the FX thread.
 */
public final class RulesPaneViewModel {
    /** Shards named in the per-shard line before it says "and N more". */
    static final int SHARDS_NAMED = 8;

    private final RuleFormViewModel form = new RuleFormViewModel();
    private final SessionsViewModel sessions;
    private final Background background;
    private final Path rulesFile;
    private final ObservableList<String> savedNames = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RuleMatch> match = new ReadOnlyObjectWrapper<>();
    private final StringProperty fileProblem = new SimpleStringProperty("");
    private final StringProperty interval = new SimpleStringProperty("1");
    private final StringProperty runTime = new SimpleStringProperty("10m");
    /* Kept for the view model's life: a binding made on the fly is collected and stops updating. */
    private final StringBinding killText = Bindings.createStringBinding(() -> match.get() == null ? "Kill matches"
            : "Kill " + match.get().victims().size() + (match.get().victims().size() == 1 ? " match" : " matches"), match);
    private final BooleanBinding canKill = Bindings.createBooleanBinding(() -> match.get() != null
            && !match.get().victims().isEmpty(), match);
    private final StringBinding summary;
    private RuleBook book = RuleBook.EMPTY;
    /** Matching runs off the FX thread (a statement pattern over 50,000 rows takes a while); older answers drop. */
    private long matching;

    public RulesPaneViewModel(SessionsViewModel sessions, Background background, Path rulesFile) {
        this.sessions = sessions;
        this.background = background;
        this.rulesFile = rulesFile;
        summary = Bindings.createStringBinding(this::describe, match, form.problemProperty(), fileProblem);
        form.ruleProperty().addListener((obs, was, now) -> rematch());
        sessions.generationProperty().addListener((obs, was, now) -> rematch());
    }

    /** Reads the saved rules (off the FX thread). */
    public void loadSaved() {
        background.run(() -> RulesFile.load(rulesFile), loaded -> {
            book = loaded;
            savedNames.setAll(loaded.names());
            fileProblem.set("");
        }, error -> fileProblem.set("Rules file: " + Problems.describe(error)));
    }

    /** Fills the form with a saved rule. */
    public void pick(String name) {
        book.find(name).ifPresent(form::load);
    }

    /** Fills the form with a rule (a group's); the table lights up what it takes. */
    public void use(Rule rule) {
        form.load(rule);
    }

    /** Saves the rule in the form under its name (atomically, off the FX thread). */
    public void save() {
        Rule rule = form.ruleProperty().get();
        if (rule == null || rule.name() == null) {
            fileProblem.set(rule == null ? "Nothing to save: " + form.problemProperty().get()
                    : "Give the rule a name to save it");
            return;
        }
        RuleBook updated = book.with(rule);
        background.run(() -> {
            RulesWriter.write(updated, rulesFile);
            return updated;
        }, written -> {
            book = written;
            savedNames.setAll(written.names());
            fileProblem.set("Saved " + rule.name() + " in " + rulesFile);
        }, error -> fileProblem.set("Not saved: " + Problems.describe(error)));
    }

    /** Removes the saved rule the form names. */
    public void delete() {
        Rule rule = form.ruleProperty().get();
        String name = rule != null && rule.name() != null ? rule.name() : form.name.get().strip();
        if (name.isEmpty() || book.find(name).isEmpty()) {
            fileProblem.set(name.isEmpty() ? "Give the name of the saved rule to delete"
                    : "No saved rule named '" + name + "'");
            return;
        }
        RuleBook updated = book.without(name);
        background.run(() -> {
            RulesWriter.write(updated, rulesFile);
            return updated;
        }, written -> {
            book = written;
            savedNames.setAll(written.names());
            fileProblem.set("Deleted " + name);
        }, error -> fileProblem.set("Not deleted: " + Problems.describe(error)));
    }

    private void rematch() {
        Rule rule = form.ruleProperty().get();
        if (rule == null) {
            matching++;
            match.set(null);
            sessions.ruleMatchesProperty().set(Set.of());
            return;
        }
        long number = ++matching;
        List<Session> rows = sessions.allRows().stream().map(SessionRow::session).toList();
        background.run(() -> RuleMatcher.match(rule, rows, Set.of(), List.of()), found -> {
            if (number == matching) {
                match.set(found);
                sessions.ruleMatchesProperty().set(found.victims().stream().map(SessionKey::of)
                        .collect(Collectors.toSet()));
            }
        }, error -> fileProblem.set("Rule: " + Problems.describe(error)));
    }

    private String describe() {
        RuleMatch found = match.get();
        if (found == null) {
            String problem = form.problemProperty().get();
            return problem.isEmpty() ? fileProblem.get() : problem;
        }
        String text = found.victims().size() + " to kill on " + found.shardsWithVictims() + " of the "
                + sessions.allRows().stream().map(r -> r.session().shard().key()).distinct().count()
                + " shards in the last refresh" + (found.skipped().isEmpty() ? "" : ", " + found.skipped().size()
                + " skipped (protected)") + (found.capped() > 0 ? ", " + found.capped() + " over the cap" : "");
        List<String> perShard = found.shards().stream().filter(c -> c.victims() > 0)
                .map(c -> c.shard().shardId() + " " + c.victims()).toList();
        if (!perShard.isEmpty()) {
            text += ":  " + String.join("  ·  ", perShard.subList(0, Math.min(SHARDS_NAMED, perShard.size())))
                    + (perShard.size() > SHARDS_NAMED ? "  ·  and " + (perShard.size() - SHARDS_NAMED) + " more" : "");
        }
        return fileProblem.get().isEmpty() ? text : text + "     " + fileProblem.get();
    }

    public RuleFormViewModel form() {
        return form;
    }

    public RuleBook book() {
        return book;
    }

    public ObservableList<String> savedNames() {
        return savedNames;
    }

    public ReadOnlyObjectProperty<RuleMatch> matchProperty() {
        return match.getReadOnlyProperty();
    }

    public StringBinding killText() {
        return killText;
    }

    public BooleanBinding canKill() {
        return canKill;
    }

    /** One line under the form: the matches per shard, or what is wrong with the rule or the file. */
    public StringBinding summary() {
        return summary;
    }

    public StringProperty intervalProperty() {
        return interval;
    }

    public StringProperty runTimeProperty() {
        return runTime;
    }
}
