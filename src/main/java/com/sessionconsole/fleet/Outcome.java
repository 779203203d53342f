package com.sessionconsole.fleet;

/** What happened to one session of a kill task. */
public enum Outcome {
    /** The server accepted the KILL. */
    KILLED,
    /** The session was not there any more (MySQL error 1094): the goal is met. */
    ALREADY_GONE,
    /** A guard refused it: replication, daemon or the console's own connection. */
    PROTECTED,
    /** The server refused: not allowed (MySQL error 1095, missing privileges). */
    DENIED,
    /** Anything else; the message says what. */
    FAILED,
    /**
     * Not known: the process that ran the task stopped before recording its outcome. The KILL may have been
     * sent, so the session may be gone: list the shard again.
     */
    UNKNOWN;

    public boolean goalMet() {
        return this == KILLED || this == ALREADY_GONE;
    }
}
