package com.sessionconsole.killsession.audit;

import java.time.Instant;

/**
 * Which process wrote an intent: its pid and its start time (a pid alone is reused). A running task whose
 * process is gone can never finish, so it reads as interrupted.
 *
 * @param pid   the process id, as recorded (text: a record may hold anything)
 * @param start the process's start instant, as recorded, or empty when the platform does not tell
 */
record ProcessIdentity(String pid, String start) {

    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    static ProcessIdentity current() {
        return CURRENT;
    }

    private static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(String.valueOf(handle.pid()), startOf(handle));
    }

    /** Whether the process that wrote the record still runs. */
    boolean alive() {
        if (equals(CURRENT)) {
            return true;
        }
        long id;
        try {
            id = Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return false;
        }
        if (id == ProcessHandle.current().pid()) {
            return false; // this pid, another start: an earlier process that had it
        }
        return ProcessHandle.of(id).filter(ProcessHandle::isAlive).map(handle -> startOf(handle).equals(start))
                .orElse(false);
    }

    private static String startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toString).orElse("");
    }
}
