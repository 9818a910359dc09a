package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Adds a buffer to a writer (Tokio's {@code BufWriter}): small writes are gathered and written
 * out in one when the buffer is full or on {@link #pollFlush flush}. Remember to flush (or shut
 * down) before dropping it: buffered bytes are not written by themselves.
 *
 * <p>A write at least as large as the buffer, while the buffer is empty, goes to the inner writer
 * directly. One task writes at a time.
 */
public final class BufWriter implements AsyncWrite {
    /** The default capacity, as Tokio's. */
    public static final int DEFAULT_CAPACITY = 8 * 1024;

    private final AsyncWrite inner;
    /** Read mode: the bytes buffered and not yet written. */
    private final ByteBuffer buf;

    /**
     * @param inner the writer to buffer
     */
    public BufWriter(AsyncWrite inner) {
        this(inner, DEFAULT_CAPACITY);
    }

    /**
     * @param inner the writer to buffer
     * @param capacity the buffer's size in bytes
     */
    public BufWriter(AsyncWrite inner, int capacity) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.buf = ByteBuffer.allocate(capacity).flip();
    }

    /** @return the number of bytes buffered and not yet written */
    public int buffered() {
        return buf.remaining();
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        if (buf.capacity() - buf.limit() < src.remaining() && buf.hasRemaining()) {
            if (!writeBuffered(cx)) {
                return Poll.pending();
            }
        }
        if (!buf.hasRemaining() && src.remaining() >= buf.capacity()) {
            return inner.pollWrite(cx, src);
        }
        if (!buf.hasRemaining()) {
            buf.clear().flip();
        }
        int n = Math.min(src.remaining(), buf.capacity() - buf.limit());
        int pos = buf.position();
        buf.position(buf.limit()).limit(buf.limit() + n);
        buf.put(src.duplicate().limit(src.position() + n));
        buf.position(pos);
        src.position(src.position() + n);
        return Poll.ready(n);
    }

    /** Writes the buffer out; {@code false} if that has to wait. */
    private boolean writeBuffered(Context cx) {
        while (buf.hasRemaining()) {
            if (!inner.pollWrite(cx, buf).isReady()) {
                return false;
            }
        }
        buf.clear().flip();
        return true;
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
        if (!writeBuffered(cx)) {
            return Poll.pending();
        }
        return inner.pollFlush(cx);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
        if (!pollFlush(cx).isReady()) {
            return Poll.pending();
        }
        return inner.pollShutdown(cx);
    }

    @Override
    public void cancelWrite() {
        inner.cancelWrite();
    }
}
