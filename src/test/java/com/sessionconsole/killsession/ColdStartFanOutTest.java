package com.sessionconsole.killsession;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.fleet.inventory.AuditSettings;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Settings;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.testfleet.TestFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold start over many shard entries never makes more connections at once than the inventory's
 * {@code settings.fanOut}: counted outside the console, by proxies in front of the servers that hold each new
 * connection for a while before they reach the server (a handshake in the making), as a slow network would.
 */
class ColdStartFanOutTest {
    private static final int ENTRIES = 40;
    private static final int FAN_OUT = 4;
    private static final Caller OPERATOR = Caller.operator("test");

    @TempDir
    Path dataDir;

    private final List<HandshakeProxy> proxies = new ArrayList<>();
    private ScaleFleet scale;

    @AfterEach
    void cleanUp() throws Exception {
        for (HandshakeProxy proxy : proxies) {
            proxy.close();
        }
        if (scale != null) {
            scale.drop();
        }
    }

    @Test
    void aColdRefreshMakesAtMostFanOutConnectionsAtOnce() throws Exception {
        EmbeddedFleet fleet = TestFleet.get();
        scale = ScaleFleet.create(fleet, ENTRIES, 10);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        Map<Integer, HandshakeProxy> byPort = new HashMap<>();
        List<InstanceConfig> instances = new ArrayList<>();
        for (InstanceConfig instance : scale.inventory().instances()) {
            List<ShardConfig> shards = new ArrayList<>();
            for (ShardConfig shard : instance.shards()) {
                HandshakeProxy proxy = byPort.get(shard.port());
                if (proxy == null) {
                    proxy = new HandshakeProxy(shard.port(), inFlight, peak, made);
                    byPort.put(shard.port(), proxy);
                    proxies.add(proxy);
                }
                shards.add(new ShardConfig(shard.shardId(), shard.shardSerialId(), shard.host(), proxy.port(),
                        shard.user(), shard.password()));
            }
            instances.add(new InstanceConfig(instance.id(), instance.name(), instance.kind(), instance.region(), shards,
                    instance.dcdb()));
        }
        Inventory inventory = new Inventory(null, instances, List.of(), new Settings(AuditSettings.DEFAULT, FAN_OUT));

        try (KillSessionService service = KillSessionService.open(inventory, dataDir,
                ServiceOptions.DEFAULT.withShardTimeout(Duration.ofSeconds(60)), StandardBackends.create())) {
            FleetSnapshot snapshot = service.listSessions(Scope.FLEET, OPERATOR);

            assertThat(snapshot.shards()).hasSize(ENTRIES);
            assertThat(snapshot.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();
        }
        assertThat(made.get()).as("connections made through the proxies").isGreaterThanOrEqualTo(ENTRIES);
        // Each connection is held 150 ms before it reaches its server: 40 made one at a time would take 6 s, so
        // the refresh had every reason to make them side by side, and did up to the bound.
        assertThat(peak.get()).as("connections in the making at once").isBetween(2, FAN_OUT);
    }

    /** Forwards connections to one server, holding each new one {@link #HOLD_MILLIS} before it connects on. */
    private static final class HandshakeProxy implements AutoCloseable {
        private static final long HOLD_MILLIS = 150;
        private final ServerSocket listener;
        private final List<Socket> sockets = new ArrayList<>();

        HandshakeProxy(int upstream, AtomicInteger inFlight, AtomicInteger peak, AtomicInteger made) throws IOException {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        track(client);
                        daemon(() -> forward(client, upstream, inFlight, peak, made), "proxy-connect");
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void forward(Socket client, int upstream, AtomicInteger inFlight, AtomicInteger peak,
                             AtomicInteger made) {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Socket server;
            try {
                Thread.sleep(HOLD_MILLIS);
                server = track(new Socket(InetAddress.getLoopbackAddress(), upstream));
                made.incrementAndGet();
            } catch (IOException | InterruptedException e) {
                closeQuietly(client);
                return;
            } finally {
                inFlight.decrementAndGet();
            }
            daemon(() -> pipe(client, server), "proxy-up");
            pipe(server, client);
        }

        private synchronized Socket track(Socket socket) {
            sockets.add(socket);
            return socket;
        }

        private static void pipe(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void daemon(Runnable work, String name) {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public synchronized void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }
}
