package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;

import java.time.Duration;
import java.util.List;

/**
 * One shard's answer to a refresh: its sessions, or the error that kept it from answering.
 *
 * @param error null when the shard answered
 */
public record ShardSessions(Shard shard, List<Session> sessions, String error, Duration took) {

    public ShardSessions {
        sessions = List.copyOf(sessions);
    }

    public boolean ok() {
        return error == null;
    }
}
