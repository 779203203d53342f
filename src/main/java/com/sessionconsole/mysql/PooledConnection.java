package com.sessionconsole.mysql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One physical connection of a {@link ShardPool}, and the handle a caller borrows it through: closing the handle
 * gives the connection back to the pool, once; every other call goes to the driver.
 */
final class PooledConnection {
    private final Connection physical;
    private final long threadId;
    private final long openedNanos;
    private long idleSinceNanos; // guarded by the pool
    private volatile boolean evicted;

    PooledConnection(Connection physical, long threadId) {
        this.physical = physical;
        this.threadId = threadId;
        this.openedNanos = System.nanoTime();
        this.idleSinceNanos = openedNanos;
    }

    Connection physical() {
        return physical;
    }

    long threadId() {
        return threadId;
    }

    long openedNanos() {
        return openedNanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    /** Never to be lent again: another thread may still be talking on it. */
    void evict() {
        evicted = true;
    }

    boolean evicted() {
        return evicted;
    }

    /** What a borrower holds: the connection, and the pooled connection behind it. */
    interface Lent extends Connection {
        PooledConnection pooled();
    }

    /** A handle for one borrower; its {@code close()} hands this connection to {@code back}, the first time only. */
    Connection lend(java.util.function.Consumer<PooledConnection> back) {
        boolean[] returned = new boolean[1];
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("pooled") && method.getParameterCount() == 0) {
                return this;
            }
            if (isClose(method)) {
                synchronized (returned) {
                    if (!returned[0]) {
                        returned[0] = true;
                        back.accept(this);
                    }
                }
                return null;
            }
            if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                synchronized (returned) {
                    if (returned[0]) {
                        return true;
                    }
                }
            }
            try {
                return method.invoke(physical, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Lent.class.getClassLoader(), new Class<?>[] {Lent.class},
                handler);
    }

    private static boolean isClose(Method method) {
        return method.getName().equals("close") && method.getParameterCount() == 0;
    }

    /** Closes the physical connection; never throws. */
    void closeQuietly() {
        try {
            physical.close();
        } catch (SQLException | RuntimeException e) {
            // a connection that cannot close is gone anyway
        }
    }
}
