package com.sessionconsole.ui.common;

import com.sessionconsole.killsession.KillSessionException;

/** Turns a failure into one line for the operator: the contract's code and message, never a stack trace. */
public final class Problems {
    private Problems() {
    }

    public static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof KillSessionException) && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof KillSessionException) {
            KillSessionException refused = (KillSessionException) cause;
            return refused.code().code() + ": " + refused.getMessage();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
