package com.sessionconsole.fleet;

import java.time.Instant;

/**
 * The open InnoDB transaction of a session: what a KILL CONNECTION would roll back.
 *
 * @param started      when it began (server clock)
 * @param ageSeconds   how long it has been open
 * @param rowsModified rows it changed: the rows to roll back
 * @param rowsLocked   rows it holds locks on
 * @param state        InnoDB's trx_state (RUNNING, LOCK WAIT, ROLLING BACK, COMMITTING)
 */
public record Transaction(Instant started, long ageSeconds, long rowsModified, long rowsLocked, String state) {

    public boolean waitingForLock() {
        return "LOCK WAIT".equals(state);
    }
}
