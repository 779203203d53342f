package com.sessionconsole.fleet.backend;

/**
 * A shard or the cloud API could not be reached or answered with an error. The message is for the
 * operator: it names the shard or endpoint and never contains a password.
 */
public class BackendException extends Exception {
    private final String remoteCode;
    private final String requestId;

    public BackendException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    public BackendException(String message, String remoteCode, String requestId, Throwable cause) {
        super(message, cause);
        this.remoteCode = remoteCode;
        this.requestId = requestId;
    }

    /** The remote API's error code, when the error came from one. */
    public String remoteCode() {
        return remoteCode;
    }

    /** The remote API's RequestId, when the error came from one. */
    public String requestId() {
        return requestId;
    }
}
