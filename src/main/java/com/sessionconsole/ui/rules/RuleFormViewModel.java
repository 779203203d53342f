package com.sessionconsole.ui.rules;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.rules.Conditions;
import com.sessionconsole.killsession.rules.HostPattern;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleAction;
import com.sessionconsole.killsession.rules.RuleScope;
import com.sessionconsole.killsession.rules.Seconds;
import com.sessionconsole.killsession.rules.StatementPattern;
import com.sessionconsole.killsession.rules.Victims;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The rule being built in the rules pane, one text per field as the operator types it. After every change it is
 * made into a {@link Rule} (the same checks as the rules file and the command line) or a problem that names the
 * field. Lists are comma-separated.
 */
public final class RuleFormViewModel {
    final StringProperty name = text();
    final StringProperty instances = text();
    final StringProperty shards = text();
    final StringProperty users = text();
    final StringProperty hosts = text();
    final StringProperty dbs = text();
    final StringProperty commands = text();
    final StringProperty states = text();
    final StringProperty info = text();
    final StringProperty fingerprint = text();
    final StringProperty busyTime = text();
    final StringProperty idleTime = text();
    final StringProperty trxAge = text();
    final StringProperty rowsModified = text();
    final StringProperty ignoreUsers = text();
    final StringProperty ignoreHosts = text();
    final StringProperty ignoreDbs = text();
    final StringProperty cap = new SimpleStringProperty(String.valueOf(RuleAction.DEFAULT_CAP));
    final BooleanProperty blocksOthers = new SimpleBooleanProperty();
    final BooleanProperty waitsOnLock = new SimpleBooleanProperty();
    final BooleanProperty killQuery = new SimpleBooleanProperty();
    final ObjectProperty<Victims> victims = new SimpleObjectProperty<>(Victims.ALL);
    private final ReadOnlyObjectWrapper<Rule> rule = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private boolean loading;

    public RuleFormViewModel() {
        for (Observable field : List.of(name, instances, shards, users, hosts, dbs, commands, states, info, fingerprint,
                busyTime, idleTime, trxAge, rowsModified, ignoreUsers, ignoreHosts, ignoreDbs, cap, blocksOthers,
                waitsOnLock, killQuery, victims)) {
            field.addListener(obs -> rebuild());
        }
        rebuild();
    }

    private static StringProperty text() {
        return new SimpleStringProperty("");
    }

    /** Fills every field from a rule (a saved one, a group's, a kept draft). */
    public void load(Rule source) {
        loading = true;
        try {
            Conditions c = source.conditions();
            name.set(source.name() == null ? "" : source.name());
            instances.set(String.join(", ", source.scope().instances()));
            shards.set(String.join(", ", source.scope().shards()));
            users.set(String.join(", ", c.users()));
            hosts.set(String.join(", ", c.hosts().stream().map(HostPattern::text).toList()));
            dbs.set(String.join(", ", c.dbs()));
            commands.set(String.join(", ", c.commands()));
            states.set(String.join(", ", c.states()));
            info.set(c.info() == null ? "" : c.info().source());
            fingerprint.set(c.fingerprint() == null ? "" : c.fingerprint());
            busyTime.set(c.busyTime() == null ? "" : String.valueOf(c.busyTime()));
            idleTime.set(c.idleTime() == null ? "" : String.valueOf(c.idleTime()));
            trxAge.set(c.trxAge() == null ? "" : String.valueOf(c.trxAge()));
            rowsModified.set(c.rowsModified() == null ? "" : String.valueOf(c.rowsModified()));
            blocksOthers.set(c.blocksOthers());
            waitsOnLock.set(c.waitsOnLock());
            ignoreUsers.set(String.join(", ", c.ignoreUsers()));
            ignoreHosts.set(String.join(", ", c.ignoreHosts().stream().map(HostPattern::text).toList()));
            ignoreDbs.set(String.join(", ", c.ignoreDbs()));
            killQuery.set(source.action().mode() == KillMode.QUERY);
            victims.set(source.action().victims());
            cap.set(String.valueOf(source.action().cap()));
        } finally {
            loading = false;
        }
        rebuild();
    }

    /** Empties every field: a new rule. */
    public void clear() {
        loading = true;
        try {
            for (StringProperty field : List.of(name, instances, shards, users, hosts, dbs, commands, states, info,
                    fingerprint, busyTime, idleTime, trxAge, rowsModified, ignoreUsers, ignoreHosts, ignoreDbs)) {
                field.set("");
            }
            blocksOthers.set(false);
            waitsOnLock.set(false);
            killQuery.set(false);
            victims.set(Victims.ALL);
            cap.set(String.valueOf(RuleAction.DEFAULT_CAP));
        } finally {
            loading = false;
        }
        rebuild();
    }

    private void rebuild() {
        if (loading) {
            return;
        }
        try {
            Conditions conditions = new Conditions(list(users), parse("Host", hosts, HostPattern::new),
                    list(dbs), list(commands), list(states), one("Statement", info, StatementPattern::of),
                    blank(fingerprint) ? null : fingerprint.get(), one("Busy time", busyTime, Seconds::wholeSeconds),
                    one("Idle time", idleTime, Seconds::wholeSeconds), one("Trx age", trxAge, Seconds::wholeSeconds),
                    one("Rows modified", rowsModified, RuleFormViewModel::count), blocksOthers.get(),
                    waitsOnLock.get(), list(ignoreUsers), parse("Not host", ignoreHosts, HostPattern::new),
                    list(ignoreDbs));
            Integer capValue = one("Cap", cap, text -> (int) count(text));
            RuleAction action = new RuleAction(killQuery.get() ? KillMode.QUERY : KillMode.CONNECTION, victims.get(),
                    capValue == null ? RuleAction.DEFAULT_CAP : capValue);
            rule.set(new Rule(blank(name) ? null : name.get(), new RuleScope(list(instances), list(shards)), conditions,
                    action));
            problem.set("");
        } catch (IllegalArgumentException e) {
            rule.set(null);
            problem.set(e.getMessage().startsWith("match: ") && nothingGiven() ? EMPTY : words(e.getMessage()));
        }
    }

    /** An empty form is not a mistake: it says what to do. */
    static final String EMPTY = "Give a condition (user, busy time, statement, ...): the sessions the rule would kill"
            + " light up in the grid and are counted here per shard.";

    private boolean nothingGiven() {
        return List.of(users, hosts, dbs, commands, states, info, fingerprint, busyTime, idleTime, trxAge, rowsModified,
                ignoreUsers, ignoreHosts, ignoreDbs).stream().allMatch(RuleFormViewModel::blank)
                && !blocksOthers.get() && !waitsOnLock.get();
    }

    /** The rule's own field names, as the pane labels them. */
    private static String words(String message) {
        return message.replaceFirst("^match: ", "")
                .replaceFirst("^idleTime: ", "Idle time: ")
                .replaceFirst("^kill: ", "Kill query: ")
                .replaceFirst("^cap: ", "Cap: ")
                .replaceFirst("^name: ", "Name: ")
                .replaceFirst("^scope: ", "Scope: ");
    }

    private static List<String> list(StringProperty field) {
        return blank(field) ? List.of() : Arrays.stream(field.get().split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static <T> List<T> parse(String label, StringProperty field, Function<String, T> make) {
        return list(field).stream().map(text -> convert(label, text, make)).toList();
    }

    private static <T> T one(String label, StringProperty field, Function<String, T> make) {
        return blank(field) ? null : convert(label, field.get().strip(), make);
    }

    private static <T> T convert(String label, String text, Function<String, T> make) {
        try {
            return make.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage());
        }
    }

    private static long count(String text) {
        try {
            long value = Long.parseLong(text.replace(",", "").replace("_", ""));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a count");
    }

    private static boolean blank(StringProperty field) {
        return field.get() == null || field.get().isBlank();
    }

    /** The rule the fields make now, or null (then {@link #problemProperty()} says why). */
    public ReadOnlyObjectProperty<Rule> ruleProperty() {
        return rule.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
