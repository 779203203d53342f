package com.sessionconsole.killsession;

import java.util.Set;

/**
 * Who asks: written into the audit log with every request, and checked before anything is read or killed.
 *
 * @param actor       e.g. {@code window:alice}, {@code cli:alice}, {@code api:AKIDxxxx}
 * @param mayKill     false for read-only callers
 * @param instanceIds the instances it may touch; empty for all
 */
public record Caller(String actor, boolean mayKill, Set<String> instanceIds) {

    public Caller {
        instanceIds = Set.copyOf(instanceIds);
    }

    /** The operator at this machine, through the window or the command line. */
    public static Caller operator(String frontEnd) {
        return new Caller(frontEnd + ":" + System.getProperty("user.name", "unknown"), true, Set.of());
    }

    /**
     * The same caller acting through a rule: its actor names the rule ({@code window:alice rule:reports}), so
     * every audit record of the rule's kills says which rule sent them. Rights are the caller's own.
     */
    public Caller forRule(String ruleName) {
        return new Caller(actor + " rule:" + ruleName, mayKill, instanceIds);
    }

    public boolean mayTouch(String instanceId) {
        return instanceIds.isEmpty() || instanceIds.contains(instanceId);
    }
}
