package com.sessionconsole.testfleet;

import com.sessionconsole.fleet.BackendException;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceBackend;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A real backend with one behaviour changed by a test: every call forwards unless overridden. */
public abstract class ForwardingBackend implements InstanceBackend {
    protected final InstanceBackend real;

    protected ForwardingBackend(InstanceBackend real) {
        this.real = real;
    }

    @Override
    public List<Instance> describe() throws BackendException {
        return real.describe();
    }

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        return real.sessions(shard);
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> ids) throws BackendException {
        return real.lookup(shard, ids);
    }

    @Override
    public <R> R lookupForKill(Shard shard, Collection<Long> ids, KillMode mode, long askedNanos,
                               Function<Map<Long, Session>, CompletableFuture<R>> then, long thenMillis)
            throws BackendException {
        return real.lookupForKill(shard, ids, mode, askedNanos, then, thenMillis);
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders) throws BackendException {
        return real.kill(shard, orders);
    }

    @Override
    public void close() {
        real.close();
    }
}
