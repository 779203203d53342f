package com.sessionconsole.killsession.rules;

import com.sessionconsole.common.AtomicFiles;
import com.sessionconsole.fleet.KillMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static com.sessionconsole.fleet.inventory.InventoryWriter.quote;

/** Writes a rules file atomically (a reader sees the old file or the whole new one), in the loader's format. */
public final class RulesWriter {

    private RulesWriter() {
    }

    public static void write(RuleBook book, Path file) throws IOException {
        String text = toYaml(book);
        try {
            RulesFile.parse(file, text);
        } catch (RulesFileException e) {
            // Never replace a good file with one the loader would refuse.
            throw new IOException("refusing to write rules that would not load: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, text, false);
    }

    public static String toYaml(RuleBook book) {
        StringBuilder out = new StringBuilder();
        out.append("# Session Console rules: the window, kill --rule and watch --rule read them.\n");
        out.append("# Written by the console; comments are not kept. Format: docs/rules.md\n");
        out.append("maxWatchTime: ").append(Seconds.format(book.maxWatchTime())).append('\n');
        out.append(book.rules().isEmpty() ? "rules: []\n" : "rules:\n");
        for (Rule rule : book.rules()) {
            out.append(toYaml(rule, "  - ", "    "));
        }
        return out.toString();
    }

    /** One rule as a YAML mapping; {@code first} starts its first line, {@code indent} the others. */
    public static String toYaml(Rule rule, String first, String indent) {
        StringBuilder out = new StringBuilder();
        String[] lead = {first};
        Consumer<String> line = text -> {
            out.append(lead[0]).append(text).append('\n');
            lead[0] = indent;
        };
        if (rule.name() != null) {
            line.accept("name: " + quote(rule.name()));
        }
        if (!rule.scope().fleet()) {
            line.accept("scope:");
            list(line, "  instances", rule.scope().instances());
            list(line, "  shards", rule.scope().shards());
        }
        Conditions c = rule.conditions();
        line.accept("match:");
        list(line, "  user", c.users());
        list(line, "  host", c.hosts().stream().map(HostPattern::text).toList());
        list(line, "  db", c.dbs());
        list(line, "  command", c.commands());
        list(line, "  state", c.states());
        if (c.info() != null) {
            line.accept("  info: " + quote(c.info().source()));
        }
        if (c.fingerprint() != null) {
            line.accept("  fingerprint: " + quote(c.fingerprint()));
        }
        number(line, "  busyTime", c.busyTime(), "s");
        number(line, "  idleTime", c.idleTime(), "s");
        number(line, "  trxAge", c.trxAge(), "s");
        number(line, "  rowsModified", c.rowsModified(), "");
        if (c.blocksOthers()) {
            line.accept("  blocksOthers: true");
        }
        if (c.waitsOnLock()) {
            line.accept("  waitsOnLock: true");
        }
        if (!c.ignoreUsers().isEmpty() || !c.ignoreHosts().isEmpty() || !c.ignoreDbs().isEmpty()) {
            line.accept("ignore:");
            list(line, "  user", c.ignoreUsers());
            list(line, "  host", c.ignoreHosts().stream().map(HostPattern::text).toList());
            list(line, "  db", c.ignoreDbs());
        }
        line.accept("kill: " + (rule.action().mode() == KillMode.QUERY ? "query" : "connection"));
        line.accept("victims: " + rule.action().victims().yamlName());
        line.accept("cap: " + rule.action().cap());
        return out.toString();
    }

    private static void list(Consumer<String> line, String key, List<String> values) {
        if (!values.isEmpty()) {
            line.accept(key + ": [" + String.join(", ", values.stream().map(v -> quote(v)).toList()) + "]");
        }
    }

    private static void number(Consumer<String> line, String key, Long value, String unit) {
        if (value != null) {
            line.accept(key + ": " + value + unit);
        }
    }
}
