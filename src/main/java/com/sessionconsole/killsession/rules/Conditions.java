package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * What a session must be for a rule to take it: every condition given holds (as in pt-kill, whose options are
 * AND-ed too), and no exclusion does. A list condition holds when any of its values does. Empty lists, nulls and
 * false are "not given".
 *
 * @param users        user names, exact
 * @param dbs          default schemas, exact
 * @param commands     commands (Query, Sleep, Execute...), case-insensitive
 * @param states       states (Sending data, Locked...), case-insensitive
 * @param info         a pattern found in the statement
 * @param fingerprint  the statement's {@link Fingerprint}, exact (what a statement group makes)
 * @param busyTime     running (Query or Execute) for at least this many seconds
 * @param idleTime     idle (Sleep) for at least this many seconds
 * @param trxAge       an open transaction at least this many seconds old
 * @param rowsModified an open transaction that modified at least this many rows (that a kill rolls back)
 * @param blocksOthers holds a lock that another session of its shard waits for
 * @param waitsOnLock  waits for a lock
 */
public record Conditions(List<String> users, List<HostPattern> hosts, List<String> dbs, List<String> commands,
                         List<String> states, StatementPattern info, String fingerprint, Long busyTime, Long idleTime,
                         Long trxAge, Long rowsModified, boolean blocksOthers, boolean waitsOnLock,
                         List<String> ignoreUsers, List<HostPattern> ignoreHosts, List<String> ignoreDbs) {

    public static final Conditions NONE = new Conditions(List.of(), List.of(), List.of(), List.of(), List.of(), null,
            null, null, null, null, null, false, false, List.of(), List.of(), List.of());

    public Conditions {
        users = values(users, "user");
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        dbs = values(dbs, "db");
        commands = values(commands, "command");
        states = values(states, "state");
        fingerprint = fingerprint == null || fingerprint.isBlank() ? null : fingerprint.strip();
        ignoreUsers = values(ignoreUsers, "ignoreUser");
        ignoreHosts = ignoreHosts == null ? List.of() : List.copyOf(ignoreHosts);
        ignoreDbs = values(ignoreDbs, "ignoreDb");
        atLeastZero("busyTime", busyTime);
        atLeastZero("idleTime", idleTime);
        atLeastZero("trxAge", trxAge);
        atLeastZero("rowsModified", rowsModified);
        if (busyTime != null && idleTime != null) {
            throw new IllegalArgumentException("idleTime: a session is either running (busy time) or idle (idle"
                    + " time), never both; give one of them");
        }
    }

    /** Whether any condition is given; exclusions alone are not one (they would leave everything else in). */
    public boolean any() {
        return !users.isEmpty() || !hosts.isEmpty() || !dbs.isEmpty() || !commands.isEmpty() || !states.isEmpty()
                || info != null || fingerprint != null || busyTime != null || idleTime != null || trxAge != null
                || rowsModified != null || blocksOthers || waitsOnLock;
    }

    /**
     * Whether the session meets every condition.
     *
     * @param blocking whether another session of its shard waits for a lock it holds
     */
    public boolean test(Session s, boolean blocking) {
        if (ignoreUsers.contains(s.user()) || (s.db() != null && ignoreDbs.contains(s.db()))
                || ignoreHosts.stream().anyMatch(h -> h.matches(s.host()))) {
            return false;
        }
        if (!users.isEmpty() && !users.contains(s.user())) {
            return false;
        }
        if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> h.matches(s.host()))) {
            return false;
        }
        if (!dbs.isEmpty() && (s.db() == null || !dbs.contains(s.db()))) {
            return false;
        }
        if (!commands.isEmpty() && commands.stream().noneMatch(c -> c.equalsIgnoreCase(s.command()))) {
            return false;
        }
        if (!states.isEmpty() && states.stream().noneMatch(st -> st.equalsIgnoreCase(s.state()))) {
            return false;
        }
        if (busyTime != null && !(running(s) && s.timeSeconds() >= busyTime)) {
            return false;
        }
        if (idleTime != null && !(s.sleeping() && s.timeSeconds() >= idleTime)) {
            return false;
        }
        if (trxAge != null && (s.transaction() == null || s.transaction().ageSeconds() < trxAge)) {
            return false;
        }
        if (rowsModified != null && (s.transaction() == null || s.transaction().rowsModified() < rowsModified)) {
            return false;
        }
        if ((blocksOthers && !blocking) || (waitsOnLock && !s.waitingForLock())) {
            return false;
        }
        // Last: the costliest checks run only on sessions that met the rest.
        return (info == null || info.foundIn(s.statement()))
                && (fingerprint == null || (s.statement() != null && fingerprint.equals(Fingerprint.of(s.statement()))));
    }

    /** Running a statement, as pt-kill's busy time counts it: Command is Query or Execute. */
    public static boolean running(Session s) {
        return "Query".equalsIgnoreCase(s.command()) || "Execute".equalsIgnoreCase(s.command());
    }

    /** The conditions in a DBA's shorthand, e.g. {@code user=report busy>=30s}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        list(parts, "user", users);
        list(parts, "host", hosts.stream().map(HostPattern::text).toList());
        list(parts, "db", dbs);
        list(parts, "command", commands);
        list(parts, "state", states);
        if (info != null) {
            parts.add("info~/" + info.source() + "/");
        }
        if (fingerprint != null) {
            parts.add("fingerprint=\"" + fingerprint + "\"");
        }
        at(parts, "busy>=", busyTime, "s");
        at(parts, "idle>=", idleTime, "s");
        at(parts, "trx-age>=", trxAge, "s");
        at(parts, "rows-modified>=", rowsModified, "");
        if (blocksOthers) {
            parts.add("blocks-others");
        }
        if (waitsOnLock) {
            parts.add("waits-on-lock");
        }
        list(parts, "not-user", ignoreUsers);
        list(parts, "not-host", ignoreHosts.stream().map(HostPattern::text).toList());
        list(parts, "not-db", ignoreDbs);
        return String.join(" ", parts);
    }

    private static void list(List<String> parts, String name, List<String> values) {
        if (!values.isEmpty()) {
            parts.add(name + "=" + String.join(",", values));
        }
    }

    private static void at(List<String> parts, String name, Long value, String unit) {
        if (value != null) {
            parts.add(name + value + unit);
        }
    }

    private static List<String> values(List<String> given, String field) {
        if (given == null) {
            return List.of();
        }
        List<String> clean = new ArrayList<>();
        for (String value : given) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + ": an empty value");
            }
            clean.add(value.strip());
        }
        return List.copyOf(clean);
    }

    private static void atLeastZero(String field, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + ": must be 0 or more");
        }
    }
}
