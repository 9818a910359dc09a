package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Poll;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The read half of a {@link Split} stream. It may be used by a different task than the write
 * half, at the same time. {@link #close()} gives it up; the stream closes when both halves are
 * closed.
 */
public final class ReadHalf implements AsyncRead, AutoCloseable {
    private final AsyncRead inner;
    private final Split.Closer closer;
    private final AtomicBoolean closed = new AtomicBoolean();

    ReadHalf(AsyncRead inner, Split.Closer closer) {
        this.inner = inner;
        this.closer = closer;
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        if (closed.get()) {
            throw new IllegalStateException("read half is closed");
        }
        return inner.pollRead(cx, dst);
    }

    @Override
    public void cancelRead() {
        inner.cancelRead();
    }

    /** Gives up the read half (idempotent). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            inner.cancelRead();
            closer.halfClosed();
        }
    }
}
