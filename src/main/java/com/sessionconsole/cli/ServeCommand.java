package com.sessionconsole.cli;

import com.sessionconsole.api.ApiKeys;
import com.sessionconsole.api.ApiKeysLoader;
import com.sessionconsole.api.ApiServer;
import com.sessionconsole.api.ApiServerOptions;
import com.sessionconsole.api.ConnectionLimits;
import com.sessionconsole.api.KeysFileException;
import com.sessionconsole.killsession.KillSessionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code session-console serve}: the remote KillSession API (dcdb 2018-04-11) over the same service, TaskIds
 * and audit log as the window and the other commands. Runs until SIGTERM / Ctrl-C, then stops accepting, lets
 * the requests in flight finish and closes the audit log.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serve the KillSession API (the contract of Tencent Cloud dcdb 2018-04-11: KillSession,"
                + " DescribeFlow, DescribeDCDBInstances, DescribeDCDBShards, DescribeDCDBInstanceNodeInfo,"
                + " DescribeProcessList) for the inventory's fleet.",
                "Requests are signed with TC3-HMAC-SHA256 or the legacy v1 HmacSHA1/HmacSHA256 form, by the keys"
                        + " of --keys. GET /healthz answers without authentication."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE",
            description = "The API keys (YAML: secretId, secretKey, permission, instances). Must be chmod 600.")
    private Path keys;

    @Option(names = "--listen", defaultValue = "127.0.0.1:" + ApiServerOptions.DEFAULT_PORT, paramLabel = "HOST:PORT",
            description = "Where to listen (default: ${DEFAULT-VALUE}; 0.0.0.0:PORT for every interface). The API"
                    + " speaks plain HTTP: on an address other than loopback, kill requests and the full SQL text of"
                    + " DescribeProcessList cross the network in clear (serve warns on stderr); put a TLS-terminating"
                    + " proxy or an SSH tunnel in front.")
    private String listen;

    @Option(names = "--rate-limit", defaultValue = "" + ApiServerOptions.DEFAULT_RATE_LIMIT, paramLabel = "N",
            description = "Requests per second per SecretId and action (default: ${DEFAULT-VALUE}, the contract's).")
    private int rateLimit;

    @Option(names = "--threads", defaultValue = "32", paramLabel = "N",
            description = "Requests served at once (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--max-connections", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
            paramLabel = "N", description = "Client connections open at once (default: ${DEFAULT-VALUE}, and never"
            + " more than the open-file limit allows); more wait until one closes.")
    private int maxConnections;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiKeys loaded;
        try {
            loaded = ApiKeysLoader.load(keys);
        } catch (KeysFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        ApiServerOptions options;
        try {
            InetSocketAddress address = ApiServerOptions.parseListen(listen);
            ConnectionLimits limits = new ConnectionLimits(maxConnections, ConnectionLimits.DEFAULT.idleTimeout(),
                    ConnectionLimits.DEFAULT.requestTimeout());
            options = ApiServerOptions.defaults(address).withRateLimit(rateLimit).withThreads(threads)
                    .withConnections(limits);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        if (!loopback(options.listen())) {
            err.println("warning: --listen " + listen.strip() + " is reachable from other hosts and the API speaks"
                    + " plain HTTP: kill requests, SessionIds and the full SQL text of DescribeProcessList cross the"
                    + " network in clear, readable by anyone on the path. Put a TLS-terminating proxy or an SSH"
                    + " tunnel in front, or listen on 127.0.0.1.");
            err.flush();
        }
        KillSessionService service = root.openService(err);
        if (service == null) {
            return ExitCode.CONFIG;
        }
        ApiServer server;
        try {
            server = ApiServer.start(service, loaded, options);
        } catch (IOException e) {
            err.println("error: cannot listen on " + listen + ": " + e.getMessage());
            service.close();
            return ExitCode.CONFIG;
        }
        InetSocketAddress bound = server.address();
        out.printf("Serving the KillSession API (dcdb 2018-04-11) on http://%s:%d/ for %d key(s); health: /healthz%n",
                bound.getHostString(), bound.getPort(), loaded.size());
        out.println("Audit log and tasks: " + service.auditLocation() + ". Stop with Ctrl-C or SIGTERM.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            service.close();
            out.println("Stopped: requests in flight finished and were audited.");
            out.flush();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }

    /** Loopback only: 127.0.0.0/8, ::1 or a name that resolves to one (0.0.0.0 is every interface). */
    private static boolean loopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
