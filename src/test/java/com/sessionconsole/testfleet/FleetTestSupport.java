package com.sessionconsole.testfleet;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.Workload;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

/** Base of the tests that run the service against the shared fleet: a fresh service, data dir and workload each. */
public abstract class FleetTestSupport {
    protected static final Caller OPERATOR = Caller.operator("test");

    protected EmbeddedFleet fleet;
    protected Workload work;
    protected KillSessionService service;

    @TempDir
    protected Path dataDir;

    @BeforeEach
    void openService() throws Exception {
        fleet = TestFleet.get();
        work = new Workload(fleet);
        service = KillSessionService.open(fleet.inventory(), dataDir, ServiceOptions.DEFAULT, StandardBackends.create());
    }

    @AfterEach
    void closeService() {
        service.close();
        work.close();
    }

    protected FleetSnapshot list() {
        try {
            return service.listSessions(Scope.FLEET, OPERATOR);
        } catch (KillSessionException e) {
            throw new AssertionError(e);
        }
    }

    /** The session as the service lists it now, if it is there. */
    protected Optional<Session> find(String shardId, long id) {
        return list().sessions().stream()
                .filter(s -> s.shard().shardId().equals(shardId) && s.id() == id).findFirst();
    }

    /** The session as the server itself shows it now (admin account), bypassing the service. */
    protected boolean serverShows(String shardId, long id) {
        try (var connection = fleet.shard(shardId).server().adminConnection();
             var sql = connection.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            sql.setLong(1, id);
            try (var rs = sql.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
