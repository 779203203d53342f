package com.sessionconsole.fleet;

/**
 * One server session (PROCESSLIST row) of one shard, with its open transaction if it has one.
 *
 * @param id              the server's thread id (what KILL takes)
 * @param statement       the full statement text, or null when idle
 * @param queryId         the server's id of the running statement where the server tells it (MariaDB), else null
 * @param transaction     the open transaction, or null
 * @param blockedBy       the thread id holding the lock this session waits for, or null
 * @param ownConnection   true for the console's own connections to this shard
 * @param protectedReason why this session may not be killed, or null when it may
 */
public record Session(Shard shard, long id, String user, String host, String db, String command, long timeSeconds,
                      String state, String statement, Long queryId, Transaction transaction, Long blockedBy,
                      boolean ownConnection, String protectedReason) {

    public boolean isProtected() {
        return protectedReason != null;
    }

    public boolean waitingForLock() {
        return blockedBy != null || (transaction != null && transaction.waitingForLock());
    }

    public boolean sleeping() {
        return "Sleep".equalsIgnoreCase(command);
    }

    public Session withProtection(String reason) {
        return new Session(shard, id, user, host, db, command, timeSeconds, state, statement, queryId, transaction,
                blockedBy, ownConnection, reason);
    }

    /** The statement on one line, for tables and logs. */
    public String statementOneLine() {
        return statement == null ? "" : statement.replaceAll("\\s+", " ").strip();
    }
}
