package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write half of a {@link Split} stream. It may be used by a different task than the read
 * half, at the same time. {@link #close()} shuts the writing direction down (the peer reads end
 * of stream) and gives the half up; the stream closes when both halves are closed.
 */
public final class WriteHalf implements AsyncWrite, AutoCloseable {
    private final AsyncWrite inner;
    private final Split.Closer closer;
    private final AtomicBoolean closed = new AtomicBoolean();

    WriteHalf(AsyncWrite inner, Split.Closer closer) {
        this.inner = inner;
        this.closer = closer;
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        checkOpen();
        return inner.pollWrite(cx, src);
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
        checkOpen();
        return inner.pollFlush(cx);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
        checkOpen();
        return inner.pollShutdown(cx);
    }

    @Override
    public void cancelWrite() {
        inner.cancelWrite();
    }

    /**
     * Shuts the writing direction down if it can be done at once (a socket's shutdown never
     * waits), then gives up the half. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                inner.cancelWrite();
                inner.pollShutdown(Context.of(Waker.noop()));
            } catch (RuntimeException ignored) {
                // already closed or reset by the peer: nothing left to shut down
            } finally {
                closer.halfClosed();
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("write half is closed");
        }
    }
}
