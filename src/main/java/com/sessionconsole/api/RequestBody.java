package com.sessionconsole.api;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request's body without holding a thread: each chunk is taken as it arrives, and between chunks the
 * reader only waits on Jetty's demand callback. So a client that sends its body slowly costs a socket and a
 * buffer, not a worker; the body reaches the worker whole. At most {@code maxBytes} are kept.
 */
final class RequestBody implements Runnable {

    /** Where the outcome goes; exactly one method is called, once. */
    interface Receiver {
        void received(byte[] body);

        void tooLarge();

        void failed(Throwable cause);
    }

    private static final int FIRST_BUFFER = 4096;

    private final Request request;
    private final int maxBytes;
    private final Receiver receiver;
    private byte[] bytes;
    private int size;

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
        if (request.getLength() > maxBytes) {
            receiver.tooLarge();
            return;
        }
        new RequestBody(request, maxBytes, receiver).run();
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
                fits = append(chunk.getByteBuffer());
            } finally {
                chunk.release();
            }
            if (!fits) {
                receiver.tooLarge();
                return;
            }
            if (last) {
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
