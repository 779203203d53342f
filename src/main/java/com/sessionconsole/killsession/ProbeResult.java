package com.sessionconsole.killsession;

/**
 * One shard's answer to a probe ("Test connection"): how many sessions it lists, or why it could not.
 *
 * @param target the shard, or the instance when it could not be described
 * @param error  null when it answered
 */
public record ProbeResult(String target, String error, int sessions) {

    public boolean ok() {
        return error == null;
    }
}
