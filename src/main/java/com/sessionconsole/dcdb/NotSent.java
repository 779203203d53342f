package com.sessionconsole.dcdb;

import com.sessionconsole.fleet.backend.BackendException;

/** A call that was never sent: no turn within its time under the rate limit, or no credentials to sign it. */
final class NotSent extends BackendException {
    NotSent(String message, String remoteCode, Throwable cause) {
        super(message, remoteCode, null, cause);
    }
}
