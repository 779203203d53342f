package com.sessionconsole.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load: N keep-alive connections, each sending its next request as soon as the answer is in.
 * A minimal HTTP/1.1 client on plain sockets, so the client's own cost stays small beside the server's.
 */
final class Load {
    static final AtomicLong SEQUENCE = new AtomicLong();
    /** Latencies kept per connection and run: far more than one connection answers in a run here. */
    private static final int SAMPLES_PER_CONNECTION = 500_000;

    private final List<String> hosts;
    private final int connections;
    private final IntFunction<String> request;
    private final List<long[]> samples = new ArrayList<>();

    record Result(long requests, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double p50Micros() {
            return percentile(0.50);
        }

        double p99Micros() {
            return percentile(0.99);
        }

        private double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))] / 1000.0;
        }

        /** Several runs of one kind as one: every latency, every request, over their summed time. */
        static Result pooled(List<Result> runs) {
            long requests = 0;
            long errors = 0;
            double seconds = 0;
            int size = 0;
            for (Result run : runs) {
                requests += run.requests;
                errors += run.errors;
                seconds += run.seconds;
                size += run.latenciesNanos.length;
            }
            long[] all = new long[size];
            int at = 0;
            for (Result run : runs) {
                System.arraycopy(run.latenciesNanos, 0, all, at, run.latenciesNanos.length);
                at += run.latenciesNanos.length;
            }
            Arrays.sort(all);
            return new Result(requests, errors, seconds, all);
        }

        String line(String what) {
            return String.format("%-48s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%d requests)", what, perSecond(),
                    p50Micros() / 1000, p99Micros() / 1000, requests);
        }
    }

    /** @param request the next request to send on connection {@code slot} (0 to connections - 1) */
    Load(String host, int connections, IntFunction<String> request) {
        this(List.of(host), connections, request);
    }

    /** Connection {@code slot} goes to {@code hosts[slot % hosts.size()]}: the servers share the load evenly. */
    Load(List<String> hosts, int connections, IntFunction<String> request) {
        this.hosts = List.copyOf(hosts);
        this.connections = connections;
        this.request = request;
        // Allocated once and reused by every run: large arrays made during a run would start the collector's
        // old-generation cycles in the middle of the measurement.
        for (int i = 0; i < connections; i++) {
            samples.add(new long[SAMPLES_PER_CONNECTION]);
        }
    }

    Result run(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> samples = this.samples;
        long[] counts = new long[connections * 2];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            long[] mine = samples.get(i);
            int slot = i;
            Thread thread = new Thread(() -> loop(end, mine, counts, slot), "load-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        long total = 0;
        long errors = 0;
        for (int i = 0; i < connections; i++) {
            total += counts[i * 2];
            errors += counts[i * 2 + 1];
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(samples.get(i), 0, all, at, (int) counts[i * 2]);
            at += (int) counts[i * 2];
        }
        Arrays.sort(all);
        return new Result(total, errors, took, all);
    }

    private void loop(long end, long[] latencies, long[] counts, int slot) {
        String[] hostPort = hosts.get(slot % hosts.size()).split(":");
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
            while (System.nanoTime() < end) {
                byte[] bytes = request.apply(slot).getBytes(StandardCharsets.UTF_8);
                long started = System.nanoTime();
                out.write(bytes);
                out.flush();
                String body = readResponse(in);
                long took = System.nanoTime() - started;
                int n = (int) counts[slot * 2];
                if (n < latencies.length) {
                    latencies[n] = took;
                    counts[slot * 2]++;
                }
                if (body.contains("\"Error\"")) {
                    counts[slot * 2 + 1]++;
                    if (counts[slot * 2 + 1] == 1 && slot == 0) {
                        System.out.println("first error answer: " + body);
                    }
                }
            }
        } catch (IOException e) {
            counts[slot * 2 + 1]++;
            System.out.println("connection " + slot + " failed: " + e);
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (true) {
            int b = in.read();
            ApiBenchmark.check(b >= 0, "connection closed by the server");
            head.append((char) b);
            if (b == '\n' && head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String headers = head.toString().toLowerCase();
        int at = headers.indexOf("content-length:");
        ApiBenchmark.check(at >= 0 && headers.startsWith("http/1.1 200"), "unexpected answer: " + head);
        int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at)).strip());
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
    }
}
