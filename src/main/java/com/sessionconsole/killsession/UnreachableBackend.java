package com.sessionconsole.killsession;

import com.sessionconsole.fleet.BackendException;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceBackend;
import com.sessionconsole.fleet.InstanceConfig;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An instance this process cannot reach at all; every call reports why, so the rest of the fleet still works. */
final class UnreachableBackend implements InstanceBackend {
    private final InstanceConfig config;
    private final String reason;

    UnreachableBackend(InstanceConfig config, String reason) {
        this.config = config;
        this.reason = reason;
    }

    @Override
    public List<Instance> describe() throws BackendException {
        throw new BackendException("instance " + config.id() + ": " + reason, null);
    }

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        return describeFailure();
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds) throws BackendException {
        return describeFailure();
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders) throws BackendException {
        return describeFailure();
    }

    private <T> T describeFailure() throws BackendException {
        describe();
        throw new IllegalStateException("unreachable");
    }

    @Override
    public void close() {
    }
}
