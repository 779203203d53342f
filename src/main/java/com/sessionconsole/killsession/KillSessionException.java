package com.sessionconsole.killsession;

/**
 * A refused or failed request, with the contract's error code and a message for the operator that names
 * the field or the shard. Never carries a password; safe to show in a dialog or an API answer.
 */
public class KillSessionException extends Exception {
    private final ErrorCode code;
    private final Long taskId;

    public KillSessionException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public KillSessionException(ErrorCode code, String message, Long taskId) {
        super(message);
        this.code = code;
        this.taskId = taskId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The task that recorded the failure, when the request got that far. */
    public Long taskId() {
        return taskId;
    }
}
