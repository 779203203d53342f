package com.sessionconsole.cli;

import com.sessionconsole.api.ApiKeys;
import com.sessionconsole.api.ApiMetrics;
import com.sessionconsole.api.ApiKeysLoader;
import com.sessionconsole.api.ApiServer;
import com.sessionconsole.api.ApiServerOptions;
import com.sessionconsole.api.ConnectionLimits;
import com.sessionconsole.api.KeysFileException;
import com.sessionconsole.api.ServerTls;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import picocli.CommandLine.ArgGroup;
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
                        + " of --keys. GET /healthz and GET /metrics (Prometheus) answer without authentication."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE",
            description = "The API keys (YAML: secretId, secretKey, permission, instances). Must be chmod 600.")
    private Path keys;

    @Option(names = "--listen", defaultValue = "127.0.0.1:" + ApiServerOptions.DEFAULT_PORT, paramLabel = "HOST:PORT",
            description = "Where to listen (default: ${DEFAULT-VALUE}; 0.0.0.0:PORT for every interface). Without"
                    + " the --tls options the API speaks plain HTTP: on an address other than loopback, kill requests"
                    + " and the full SQL text of DescribeProcessList cross the network in clear (serve warns on"
                    + " stderr).")
    private String listen;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private TlsOptions tls;

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

    @Option(names = "--no-metrics", description = "Do not serve GET /metrics (Prometheus text format, without"
            + " authentication like /healthz: request counts and latencies, kills by outcome, shard read errors and"
            + " timeouts, audit write latency; no SQL, no key, no session data).")
    private boolean noMetrics;

    /** HTTPS: a PEM certificate and key, or a PKCS#12 key store whose password comes from the environment. */
    static final class TlsOptions {
        @ArgGroup(exclusive = false)
        PemFiles pem;

        @ArgGroup(exclusive = false)
        KeyStoreFile keyStore;
    }

    static final class PemFiles {
        @Option(names = "--tls-cert", required = true, paramLabel = "FILE",
                description = "Serve HTTPS (TLS 1.2 and 1.3) with this PEM certificate chain, the server's own first.")
        Path cert;

        @Option(names = "--tls-key", required = true, paramLabel = "FILE",
                description = "The PEM private key of --tls-cert (PKCS#8, or PKCS#1 RSA / SEC1 EC), unencrypted.")
        Path key;
    }

    static final class KeyStoreFile {
        @Option(names = "--tls-keystore", required = true, paramLabel = "FILE.p12",
                description = "Serve HTTPS with the key and chain of this PKCS#12 key store instead.")
        Path file;

        @Option(names = "--tls-keystore-password-env", required = true, paramLabel = "VAR",
                description = "The environment variable that holds the key store's password (never given on the"
                        + " command line, where other users could read it).")
        String passwordVariable;
    }

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
        try {
            options = options.withTls(loadTls());
        } catch (ServerTls.TlsFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        String warning = plainHttpWarning(listen.strip(), options);
        if (warning != null) {
            err.println(warning);
            err.flush();
        }
        ApiMetrics metrics = noMetrics ? null : new ApiMetrics();
        options = options.withMetrics(metrics);
        KillSessionService service = root.openService(err, true, metrics == null ? ServiceOptions.DEFAULT
                : ServiceOptions.DEFAULT.withObserver(metrics));
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
        out.printf("Serving the KillSession API (dcdb 2018-04-11) on %s://%s:%d/ for %d key(s); health: /healthz%s%n",
                options.tls() == null ? "http" : "https", bound.getHostString(), bound.getPort(), loaded.size(),
                metrics == null ? "" : ", metrics: /metrics");
        out.println("Audit log and tasks: " + service.auditLocation() + ". Stop with Ctrl-C or SIGTERM.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            service.close();
            int lost = service.unrecordedOutcomes();
            out.println(lost == 0 ? "Stopped: every task's outcome is in the audit log."
                    : "Stopped: " + lost + " task outcome(s) could not be written to the audit log (see the log"
                    + " above); those tasks read as interrupted.");
            out.flush();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }

    /** The certificate and key of the --tls options, or null for plain HTTP. */
    private ServerTls loadTls() throws ServerTls.TlsFileException {
        if (tls == null) {
            return null;
        }
        if (tls.pem != null) {
            return ServerTls.fromPem(tls.pem.cert, tls.pem.key);
        }
        String variable = tls.keyStore.passwordVariable;
        String password = System.getenv(variable);
        if (password == null) {
            throw new ServerTls.TlsFileException("--tls-keystore-password-env " + variable + ": the environment"
                    + " variable is not set (it holds the password of --tls-keystore " + tls.keyStore.file + ")");
        }
        return ServerTls.fromPkcs12(tls.keyStore.file, password.toCharArray(), "$" + variable);
    }

    /** The warning for plain HTTP that other hosts can reach, or null (TLS, or loopback only). */
    private static String plainHttpWarning(String listen, ApiServerOptions options) {
        if (options.tls() != null || loopback(options.listen())) {
            return null;
        }
        return "warning: --listen " + listen + " is reachable from other hosts and the API speaks"
                + " plain HTTP: kill requests, SessionIds and the full SQL text of DescribeProcessList cross the"
                + " network in clear, readable by anyone on the path. Serve HTTPS with --tls-cert and --tls-key"
                + " (or --tls-keystore), put a TLS-terminating proxy or an SSH tunnel in front, or listen on"
                + " 127.0.0.1.";
    }

    /** Loopback only: 127.0.0.0/8, ::1 or a name that resolves to one (0.0.0.0 is every interface). */
    private static boolean loopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
