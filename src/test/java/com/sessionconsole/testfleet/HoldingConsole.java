package com.sessionconsole.testfleet;

import com.sessionconsole.StandardAuditStores;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.inventory.InventoryLoader;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Another console process for tests: opens the service on an inventory and a data directory (or the audit
 * store its settings name), lists the fleet
 * (which opens its connections), prints {@code ready} and the thread ids of its own connections as
 * {@code shardId:id} pairs, and holds them until its standard input closes.
 */
public final class HoldingConsole {
    private HoldingConsole() {
    }

    public static void main(String[] args) throws Exception {
        try (KillSessionService service = KillSessionService.open(InventoryLoader.load(Path.of(args[0])),
                Path.of(args[1]), ServiceOptions.DEFAULT, StandardBackends.create(), new StandardAuditStores())) {
            FleetSnapshot snapshot = service.listSessions(Scope.FLEET, Caller.operator("holder"));
            System.out.println("ready " + snapshot.sessions().stream().filter(Session::ownConnection)
                    .map(s -> s.shard().shardId() + ":" + s.id()).collect(Collectors.joining(" ")));
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the connections until the test closes our input
            }
        }
    }
}
