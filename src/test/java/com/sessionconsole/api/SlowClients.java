package com.sessionconsole.api;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crowd of bad clients on one thread: idle ones that connect and send nothing, and slow ones that send the
 * start of a request and then one byte a second, half of them inside the headers and half inside a body. What
 * the server closes is opened again, so the crowd keeps its size; each close is recorded with how long the
 * connection had lived. Bounded: it runs until closed, against one loopback address.
 */
final class SlowClients implements AutoCloseable {
    private static final byte[] IN_HEADERS = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IN_BODY = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 10000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECTS_PER_ROUND = 250;

    private enum Kind { IDLE, SLOW_HEADERS, SLOW_BODY }

    private static final class Client {
        final Kind kind;
        final long openedNanos = System.nanoTime();

        Client(Kind kind) {
            this.kind = kind;
        }
    }

    /** How long a connection of the slow kind lived before the server closed it. */
    final ConcurrentLinkedQueue<Long> slowLifetimesMillis = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> idleLifetimesMillis = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final InetSocketAddress server;
    private final Selector selector;
    private final Thread loop;
    private final List<Kind> toOpen = new ArrayList<>();
    private volatile boolean running = true;

    private SlowClients(InetSocketAddress server, int idle, int slow) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        for (int i = 0; i < idle + slow; i++) {
            toOpen.add(i < idle ? Kind.IDLE : (i % 2 == 0 ? Kind.SLOW_HEADERS : Kind.SLOW_BODY));
        }
        this.loop = new Thread(this::run, "slow-clients");
        loop.setDaemon(true);
    }

    static SlowClients start(InetSocketAddress server, int idle, int slow) throws IOException {
        SlowClients clients = new SlowClients(server, idle, slow);
        clients.loop.start();
        return clients;
    }

    /** Connections open now. */
    int connected() {
        return connected.get();
    }

    private void run() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        long nextDrip = System.nanoTime();
        try {
            while (running) {
                openSome();
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, scratch);
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextDrip) {
                    drip();
                    nextDrip = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly((SocketChannel) key.channel());
            }
            closeQuietly(selector);
        }
    }

    private void openSome() throws IOException {
        for (int i = 0; i < CONNECTS_PER_ROUND && !toOpen.isEmpty(); i++) {
            Kind kind = toOpen.remove(toOpen.size() - 1);
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(server);
            channel.register(selector, SelectionKey.OP_CONNECT, new Client(kind));
        }
    }

    private void handle(SelectionKey key, ByteBuffer scratch) {
        SocketChannel channel = (SocketChannel) key.channel();
        Client client = (Client) key.attachment();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                connected.incrementAndGet();
                key.interestOps(SelectionKey.OP_READ);
                if (client.kind != Kind.IDLE) {
                    channel.write(ByteBuffer.wrap(client.kind == Kind.SLOW_HEADERS ? IN_HEADERS : IN_BODY));
                }
            } else if (key.isReadable()) {
                scratch.clear();
                if (channel.read(scratch) < 0) {
                    closedByServer(key, client);
                }
            }
        } catch (IOException e) {
            closedByServer(key, client);
        }
    }

    private void drip() {
        for (SelectionKey key : selector.keys()) {
            Client client = (Client) key.attachment();
            if (client.kind != Kind.IDLE && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0) {
                try {
                    ((SocketChannel) key.channel()).write(ByteBuffer.wrap(new byte[] {'a'}));
                } catch (IOException e) {
                    closedByServer(key, client);
                }
            }
        }
    }

    private void closedByServer(SelectionKey key, Client client) {
        long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - client.openedNanos);
        if (key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0) {
            connected.decrementAndGet();
        }
        key.cancel();
        closeQuietly((SocketChannel) key.channel());
        (client.kind == Kind.IDLE ? idleLifetimesMillis : slowLifetimesMillis).add(lived);
        if (running) {
            toOpen.add(client.kind);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing a test client: nothing to do
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        loop.join(10_000);
    }
}
