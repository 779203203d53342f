package com.sessionconsole.dcdb;

import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;

/** Makes the backends of Tencent Cloud DCDB instances, reached through the dcdb API. */
public final class DcdbBackends implements BackendFactory {
    private final DcdbTimeouts timeouts;

    public DcdbBackends(DcdbTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections) {
        return new DcdbInstanceBackend(config, timeouts);
    }
}
