package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Session;

/** What names a session across refreshes: its shard and its thread id. */
public record SessionKey(String shardKey, long id) {

    public static SessionKey of(Session session) {
        return new SessionKey(session.shard().key(), session.id());
    }
}
