package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;

import java.util.regex.Pattern;

/**
 * A kill rule: where it looks, what a session must be, and what a round does with the matches. Shared by the
 * window, the command line and the rules file; checked when made, so a rule that exists is one that may run.
 *
 * @param name the name it is saved and audited under, or null for a rule made on the spot (audited as
 *             {@value #AD_HOC})
 */
public record Rule(String name, RuleScope scope, Conditions conditions, RuleAction action) {
    public static final String AD_HOC = "ad-hoc";
    /** Short and plain: the name goes into every audit record's actor ({@code cli:alice rule:reports}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");

    public Rule {
        name = name == null || name.isBlank() ? null : name.strip();
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' (1 to 40 letters, digits, '_', '.' or '-',"
                    + " starting with a letter or digit)");
        }
        scope = scope == null ? RuleScope.FLEET : scope;
        conditions = conditions == null ? Conditions.NONE : conditions;
        action = action == null ? RuleAction.DEFAULT : action;
        if (!conditions.any()) {
            throw new IllegalArgumentException("match: a rule needs at least one condition beyond its scope (user,"
                    + " host, db, command, state, statement, busy or idle time, transaction age, rows modified,"
                    + " blocking or waiting); exclusions alone would take every other session");
        }
        if (action.mode() == KillMode.QUERY && conditions.idleTime() != null) {
            throw new IllegalArgumentException("kill: an idle session runs no statement, so kill query would end"
                    + " nothing; kill the connection");
        }
    }

    /** The name as audit records and reports show it. */
    public String label() {
        return name == null ? AD_HOC : name;
    }

    public Rule named(String newName) {
        return new Rule(newName, scope, conditions, action);
    }

    /** One line for reports: {@code reports: user=report busy>=30s on the fleet; kill connection, all, cap 1000}. */
    public String describe() {
        return label() + ": " + conditions.describe() + " on " + scope.describe() + "; kill "
                + (action.mode() == KillMode.QUERY ? "query" : "connection") + ", victims " + action.victims().yamlName()
                + ", cap " + action.cap() + " per round";
    }
}
