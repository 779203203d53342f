package com.sessionconsole.testfleet;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.util.Collection;
import java.util.List;
import java.util.Map;

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
    public Map<Long, Session> lookup(Shard shard, Collection<Long> ids, TimeBudget budget) throws BackendException {
        return real.lookup(shard, ids, budget);
    }

    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        return real.processList(shard, budget);
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException {
        return real.kill(shard, orders, budget);
    }

    @Override
    public void close() {
        real.close();
    }
}
