package com.sessionconsole.killsession.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which process wrote an intent: its pid and its start time (a pid alone is reused). A running task whose
 * process is gone can never finish, so it reads as interrupted.
 *
 * @param pid   the process id, as recorded (text: a record may hold anything)
 * @param start the process's start, as recorded: an instant, or milliseconds since the epoch; empty when the
 *              platform does not tell
 */
record ProcessIdentity(String pid, String start) {

    private static final ProcessIdentity CURRENT = new ProcessIdentity(String.valueOf(ProcessHandle.current().pid()),
            ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(""));

    static ProcessIdentity current() {
        return CURRENT;
    }

    /** A name for a file of this process's own: {@code pid@startMillis}. */
    String fileName() {
        return pid + "@" + epochMillis(start).map(String::valueOf).orElse("0");
    }

    /** The process a {@link #fileName()} names, or null when the name is not one. */
    static ProcessIdentity ofFileName(String name) {
        int at = name.indexOf('@');
        return at <= 0 ? null : new ProcessIdentity(name.substring(0, at), name.substring(at + 1));
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
        Optional<Long> recorded = epochMillis(start);
        if (id == ProcessHandle.current().pid()) {
            return recorded.isPresent() && recorded.equals(epochMillis(CURRENT.start));
        }
        return ProcessHandle.of(id).filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().startInstant().map(Instant::toEpochMilli).equals(recorded))
                .orElse(false);
    }

    private static Optional<Long> epochMillis(String start) {
        if (start == null || start.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(start.chars().allMatch(Character::isDigit) ? Long.parseLong(start)
                    : Instant.parse(start).toEpochMilli());
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
