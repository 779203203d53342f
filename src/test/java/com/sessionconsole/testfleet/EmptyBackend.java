package com.sessionconsole.testfleet;

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

/** A backend with no server behind it, for a test that cares about one call: every shard is empty. */
public abstract class EmptyBackend implements InstanceBackend {

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        return List.of();
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget) {
        return Map.of();
    }

    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) {
        return Map.of();
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) {
        return List.of();
    }

    @Override
    public void close() {
    }
}
