package com.sessionconsole.fleet;

/**
 * One KILL for a backend to send.
 *
 * @param queryId for QUERY mode on servers that support {@code KILL QUERY ID}: the statement to end, so that
 *                a statement the session started since is left alone; null to end whatever runs
 */
public record KillOrder(long sessionId, KillMode mode, Long queryId) {
}
