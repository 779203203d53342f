package com.sessionconsole.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.Launcher;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code serve} on the whole fleet as its own process, asked by 32 clients at once for every shard's process list
 * and a KillSession on every shard; its threads are read from /proc throughout.
 */
final class ServeThreads {
    private static final String SECRET_ID = "AKIDscale0000001";
    private static final String SECRET_KEY = "scale-benchmark-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeThreads() {
    }

    static void measure(Path inventory, Path work, Map<String, String> figures) throws Exception {
        Path keys = work.resolve("keys.yaml");
        Files.writeString(keys, "keys:\n  - secretId: " + SECRET_ID + "\n    secretKey: " + SECRET_KEY
                + "\n    permission: kill\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = ChildJvm.command(ChildJvm.LAUNCHER_OPTIONS, Launcher.class.getName(), "serve",
                "--keys", keys.toString(), "--inventory", inventory.toString(), "--data-dir",
                work.resolve("serve-data").toString(), "--listen", "127.0.0.1:" + port, "--rate-limit", "100000");
        Process serve = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("serve.log").toFile()).start();
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watch = new Thread(() -> {
            while (watching.get()) {
                peak.accumulateAndGet(ProcessWatch.sample(serve.pid())[0], Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.start();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            awaitHealthy(port);
            CommonClient client = client(port);
            JsonNode instances = JSON.readTree(client.call("DescribeDCDBInstances", "{\"Limit\":100}"))
                    .path("Response").path("Instances");
            List<Future<?>> calls = new ArrayList<>();
            for (JsonNode instance : instances) {
                for (JsonNode shard : instance.path("ShardDetail")) {
                    String body = "{\"InstanceId\":\"" + instance.path("InstanceId").asText() + "\",\"ShardId\":\""
                            + shard.path("ShardInstanceId").asText() + "\"";
                    calls.add(clients.submit(() -> client.call("DescribeProcessList", body + ",\"Limit\":100}")));
                    calls.add(clients.submit(() -> client.call("KillSession", body + ",\"SessionId\":[987654321]}")));
                }
            }
            for (Future<?> call : calls) {
                call.get();
            }
            figures.put("peak threads of `serve` answering " + calls.size() + " requests over the fleet, 32 at once",
                    peak.get() + "|<= 100|" + FleetScaleBenchmark.met(peak.get() <= 100));
        } finally {
            clients.shutdownNow();
            watching.set(false);
            watch.join();
            serve.destroy();
            serve.waitFor();
        }
    }

    private static CommonClient client(int port) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + port);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setReadTimeout(60);
        return new CommonClient("dcdb", "2018-04-11", new Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou",
                new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }

    private static void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/healthz")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("serve did not answer /healthz within 60 s");
    }
}
