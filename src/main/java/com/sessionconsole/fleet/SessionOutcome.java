package com.sessionconsole.fleet;

/** The outcome of one session in a kill task, with the server's or the guard's words. */
public record SessionOutcome(long sessionId, Outcome outcome, String message) {

    public SessionOutcome {
        message = message == null ? "" : message;
    }
}
