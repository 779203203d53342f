package com.sessionconsole.cli;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.rules.Conditions;
import com.sessionconsole.killsession.rules.HostPattern;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleAction;
import com.sessionconsole.killsession.rules.RuleBook;
import com.sessionconsole.killsession.rules.RuleScope;
import com.sessionconsole.killsession.rules.Seconds;
import com.sessionconsole.killsession.rules.StatementPattern;
import com.sessionconsole.killsession.rules.Victims;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rule options of {@code kill} and {@code watch}, named as pt-kill names them where the meaning is the same,
 * so that a DBA's habits carry over. The differences are in docs/rules.md: names are exact (pt-kill's are Perl
 * regexes), give an option once per value; only {@code --match-info} is a pattern (RE2).
 */
final class RuleOptions {
    /** What a pt-kill habit looks like in a name option: a regex. Names of real accounts never hold these. */
    private static final String REGEX_MARKS = "^$*+?()[]{}|\\";

    @Option(names = "--rule", paramLabel = "NAME", description = "A rule saved in the rules file (rules.yaml beside"
            + " the inventory), as it is: no match options with it.")
    String ruleName;

    @Option(names = "--instance", paramLabel = "ID", description = "InstanceId. With match options: only these"
            + " instances (repeat for several; default: the fleet).")
    List<String> instances = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "SHARD_ID", description = "With match options: only these shards"
            + " (repeat for several).")
    List<String> shards = new ArrayList<>();

    @Option(names = "--match-user", paramLabel = "USER", description = "User is exactly this (repeat for several).")
    List<String> users = new ArrayList<>();

    @Option(names = "--match-host", paramLabel = "HOST", description = "Client host, without its port: exact,"
            + " a prefix ending in % (10.0.%), or a CIDR block (10.0.0.0/8).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--match-db", paramLabel = "DB", description = "Default schema is exactly this.")
    List<String> dbs = new ArrayList<>();

    @Option(names = "--match-command", paramLabel = "COMMAND", description = "Command is this (Query, Sleep, ...).")
    List<String> commands = new ArrayList<>();

    @Option(names = "--match-state", paramLabel = "STATE", description = "State is this (Sending data, ...).")
    List<String> states = new ArrayList<>();

    @Option(names = "--match-info", paramLabel = "REGEX", description = "The statement contains this RE2 pattern"
            + " (case-sensitive; (?i) for not). Linear time: no pattern can hang the console.")
    String info;

    @Option(names = "--match-fingerprint", paramLabel = "FINGERPRINT", description = "The statement's fingerprint"
            + " is this (as list --group-by fingerprint prints it).")
    String fingerprint;

    @Option(names = "--busy-time", paramLabel = "TIME", description = "Running (Query, Execute) at least this long:"
            + " 30, 30s, 5m.")
    String busyTime;

    @Option(names = "--idle-time", paramLabel = "TIME", description = "Idle (Sleep) at least this long.")
    String idleTime;

    @Option(names = "--trx-age", paramLabel = "TIME", description = "An open transaction at least this old.")
    String trxAge;

    @Option(names = "--rows-modified", paramLabel = "N", description = "An open transaction that modified at"
            + " least N rows (rolled back by a connection kill).")
    Long rowsModified;

    @Option(names = "--blocks-others", description = "Holds a lock that another session waits for.")
    boolean blocksOthers;

    @Option(names = "--waits-on-lock", description = "Waits for a lock.")
    boolean waitsOnLock;

    @Option(names = "--ignore-user", paramLabel = "USER", description = "Never this user (repeat for several).")
    List<String> ignoreUsers = new ArrayList<>();

    @Option(names = "--ignore-host", paramLabel = "HOST", description = "Never this host (forms as --match-host).")
    List<String> ignoreHosts = new ArrayList<>();

    @Option(names = "--ignore-db", paramLabel = "DB", description = "Never this default schema.")
    List<String> ignoreDbs = new ArrayList<>();

    @Option(names = "--victims", paramLabel = "all|oldest", description = "Kill every match (all, the default) or"
            + " only the longest-running of each shard (oldest).")
    String victims;

    @Option(names = "--cap", paramLabel = "N", description = "At most N sessions per round, the longest-running"
            + " first (default: " + RuleAction.DEFAULT_CAP + ").")
    Integer cap;

    @Option(names = "--print", description = "Print every session the rule takes (as pt-kill's --print).")
    boolean print;

    /** Whether any option of the rule form was given (then it is not the session-id form). */
    boolean given() {
        return ruleName != null || !users.isEmpty() || !hosts.isEmpty() || !dbs.isEmpty()
                || !commands.isEmpty() || !states.isEmpty() || info != null || fingerprint != null || busyTime != null
                || idleTime != null || trxAge != null || rowsModified != null || blocksOthers || waitsOnLock
                || !ignoreUsers.isEmpty() || !ignoreHosts.isEmpty() || !ignoreDbs.isEmpty() || victims != null
                || cap != null;
    }

    private boolean matchGiven() {
        return !users.isEmpty() || !hosts.isEmpty() || !dbs.isEmpty() || !commands.isEmpty() || !states.isEmpty()
                || info != null || fingerprint != null || busyTime != null || idleTime != null || trxAge != null
                || rowsModified != null || blocksOthers || waitsOnLock || !ignoreUsers.isEmpty()
                || !ignoreHosts.isEmpty() || !ignoreDbs.isEmpty() || victims != null || cap != null
                || !instances.isEmpty() || !shards.isEmpty();
    }

    /** The rule these options say, or the saved one {@code --rule} names; a bad option says which and why. */
    Rule rule(KillMode mode, boolean modeGiven, RuleBook book) {
        if (ruleName != null) {
            if (matchGiven() || modeGiven) {
                throw new IllegalArgumentException("--rule " + ruleName + " runs the saved rule as it is; give either"
                        + " --rule or match options (--match-user, --busy-time, --instance, --query, ...), not both");
            }
            return book.find(ruleName).orElseThrow(() -> new IllegalArgumentException("--rule: no rule named '"
                    + ruleName + "' in the rules file" + (book.rules().isEmpty() ? " (it has none)"
                    : " (it has: " + String.join(", ", book.names()) + ")")));
        }
        try {
            Conditions conditions = new Conditions(names("--match-user", users), hostPatterns("--match-host", hosts),
                    names("--match-db", dbs), names("--match-command", commands), names("--match-state", states),
                    info == null ? null : option("--match-info", info, StatementPattern::of), fingerprint,
                    seconds("--busy-time", busyTime), seconds("--idle-time", idleTime), seconds("--trx-age", trxAge),
                    rowsModified, blocksOthers, waitsOnLock, names("--ignore-user", ignoreUsers),
                    hostPatterns("--ignore-host", ignoreHosts), names("--ignore-db", ignoreDbs));
            RuleAction action = new RuleAction(mode, victims == null ? null
                    : option("--victims", victims, Victims::parse), cap == null ? RuleAction.DEFAULT_CAP : cap);
            return new Rule(null, new RuleScope(instances, shards), conditions, action);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionName(e.getMessage()));
        }
    }

    /** A rule's own check names its field ("idleTime: ..."); the command line names the option. */
    private static String optionName(String message) {
        return message.replaceFirst("^match: ", "")
                .replaceFirst("^idleTime: ", "--idle-time: ")
                .replaceFirst("^kill: ", "--query: ")
                .replaceFirst("^cap: ", "--cap: ")
                .replaceFirst("^rowsModified: ", "--rows-modified: ");
    }

    private static List<String> names(String option, List<String> values) {
        for (String value : values) {
            if (value.chars().anyMatch(c -> REGEX_MARKS.indexOf(c) >= 0)) {
                throw new IllegalArgumentException(option + ": '" + value + "' looks like a pattern; here it is an"
                        + " exact name (pt-kill's is a Perl regex): give the option once per name");
            }
        }
        return values;
    }

    private static List<HostPattern> hostPatterns(String option, List<String> values) {
        return values.stream().map(v -> option(option, v, HostPattern::new)).toList();
    }

    private static Long seconds(String option, String value) {
        return value == null ? null : option(option, value, Seconds::wholeSeconds);
    }

    private static <T> T option(String option, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
