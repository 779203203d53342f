package com.sessionconsole.api;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request's body without holding a thread: each chunk is taken as it arrives, and between chunks the
 * reader only waits on Jetty's demand callback. So a client that sends its body slowly costs a socket and a
 * buffer, not a worker; the body reaches the worker whole. At most {@code maxBytes} are kept.
 *
 * <p>A body over the limit is still read to its end, and thrown away, when it is at most {@link #DRAIN_LIMIT}:
 * answered while the client is still sending, the answer would be lost to the reset of a connection closed under
 * it, and the client would see a broken connection instead of the error. A larger body is refused unread.
 */
final class RequestBody implements Runnable {

    /** Where the outcome goes; exactly one method is called, once. */
    interface Receiver {
        void received(byte[] body);

        void tooLarge();

        void failed(Throwable cause);
    }

    private static final int FIRST_BUFFER = 4096;
    /** The most the server reads of a body it refuses, so that its answer reaches the client. */
    static final long DRAIN_LIMIT = 1024 * 1024;

    private final Request request;
    private final int maxBytes;
    private final Receiver receiver;
    private byte[] bytes;
    private int size;
    /** Past the limit: what arrives is counted and thrown away until the body ends. */
    private boolean discarding;
    private long discarded;

    private RequestBody(Request request, int maxBytes, Receiver receiver) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.receiver = receiver;
        // Sized by what arrives, not by what the client declares: a Content-Length alone costs the server nothing.
        long declared = request.getLength();
        this.bytes = new byte[declared >= 0 ? (int) Math.min(declared, FIRST_BUFFER) : FIRST_BUFFER];
    }

    /** Starts reading; {@code receiver} hears of the outcome on this thread or on one of Jetty's. */
    static void read(Request request, int maxBytes, Receiver receiver) {
        long declared = request.getLength();
        // A client that waits for "100 Continue" has sent nothing yet: it is answered before it sends at all.
        boolean waiting = request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
        if (declared > Math.max(maxBytes, DRAIN_LIMIT) || (declared > maxBytes && waiting)) {
            receiver.tooLarge();
            return;
        }
        RequestBody body = new RequestBody(request, maxBytes, receiver);
        if (declared > maxBytes) {
            body.discard(0);
        }
        body.run();
    }

    private void discard(long already) {
        discarding = true;
        discarded = already;
        bytes = null;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                receiver.failed(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            boolean fits;
            try {
                if (!discarding && !append(chunk.getByteBuffer())) {
                    discard(size);
                }
                if (discarding) {
                    discarded += chunk.getByteBuffer().remaining();
                }
                fits = !discarding;
            } finally {
                chunk.release();
            }
            if (!fits && (last || discarded > DRAIN_LIMIT)) {
                receiver.tooLarge();
                return;
            }
            if (fits && last) {
                receiver.received(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                return;
            }
        }
    }

    private boolean append(ByteBuffer data) {
        int length = data.remaining();
        if (length > maxBytes - size) {
            return false;
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(size + length, bytes.length * 2)));
        }
        data.get(bytes, size, length);
        size += length;
        return true;
    }
}
