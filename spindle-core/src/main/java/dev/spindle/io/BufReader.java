package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Adds a buffer to a reader (Tokio's {@code BufReader}, with {@code AsyncBufRead}): small reads
 * are served from one large read, and {@link #readLine(int)} reads text lines.
 *
 * <p>A read into a buffer at least as large as this one's, while this one is empty, goes to the
 * inner reader directly. Not for sharing between tasks: one task reads at a time.
 */
public final class BufReader implements AsyncRead {
    /** The default capacity, as Tokio's. */
    public static final int DEFAULT_CAPACITY = 8 * 1024;

    private final AsyncRead inner;
    /** Read mode: the buffered bytes not yet consumed. */
    private final ByteBuffer buf;

    /**
     * @param inner the reader to buffer
     */
    public BufReader(AsyncRead inner) {
        this(inner, DEFAULT_CAPACITY);
    }

    /**
     * @param inner the reader to buffer
     * @param capacity the buffer's size in bytes
     */
    public BufReader(AsyncRead inner, int capacity) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.buf = ByteBuffer.allocate(capacity).flip();
    }

    /** @return the number of buffered bytes not yet consumed */
    public int buffered() {
        return buf.remaining();
    }

    /**
     * Returns the buffered bytes, reading more from the inner reader if none are buffered
     * (Tokio's {@code poll_fill_buf}). An empty buffer means end of stream.
     *
     * @param cx the context
     * @return a read-only view of the buffered bytes; consume them with {@link #consume(int)}
     */
    public Poll<ByteBuffer> pollFillBuf(Context cx) {
        if (!buf.hasRemaining()) {
            buf.clear();
            Poll<Integer> p;
            try {
                p = inner.pollRead(cx, buf);
            } finally {
                buf.flip();
            }
            if (!p.isReady()) {
                return Poll.pending();
            }
        }
        return Poll.ready(buf.asReadOnlyBuffer());
    }

    /**
     * Marks {@code n} buffered bytes as consumed.
     *
     * @param n at most {@link #buffered()}
     */
    public void consume(int n) {
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("consume(" + n + ") with " + buf.remaining() + " buffered");
        }
        buf.position(buf.position() + n);
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        if (!buf.hasRemaining() && dst.remaining() >= buf.capacity()) {
            return inner.pollRead(cx, dst);
        }
        Poll<ByteBuffer> p = pollFillBuf(cx);
        if (!(p instanceof Poll.Ready<ByteBuffer> r)) {
            return Poll.pending();
        }
        ByteBuffer avail = r.value();
        if (!avail.hasRemaining()) {
            return dst.hasRemaining() ? Poll.ready(-1) : Poll.ready(0);
        }
        int n = Math.min(avail.remaining(), dst.remaining());
        dst.put(avail.limit(avail.position() + n));
        consume(n);
        return Poll.ready(n);
    }

    @Override
    public void cancelRead() {
        inner.cancelRead();
    }

    /**
     * Reads one line of UTF-8 text, ending at {@code \n} (a {@code \r} before it is dropped).
     *
     * @param maxLength the longest line accepted, in bytes; a longer one fails with
     *     {@link CodecException}, so a peer cannot make this buffer without bound
     * @return a future of the line without its ending, or {@code null} at end of stream (a last
     *     line without a newline is returned as a line)
     * @implNote Cancel safety: not cancel-safe: bytes of a partial line consumed before the
     *     cancellation are lost (as Tokio's {@code read_line}).
     */
    public Future<String> readLine(int maxLength) {
        return new Future<>() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            private boolean any;

            @Override
            public Poll<String> poll(Context cx) {
                while (true) {
                    Poll<ByteBuffer> p = pollFillBuf(cx);
                    if (!(p instanceof Poll.Ready<ByteBuffer> r)) {
                        return Poll.pending();
                    }
                    ByteBuffer avail = r.value();
                    if (!avail.hasRemaining()) {
                        return Poll.ready(any ? finish() : null);
                    }
                    any = true;
                    int start = avail.position();
                    for (int i = start; i < avail.limit(); i++) {
                        if (avail.get(i) == '\n') {
                            append(avail, start, i);
                            consume(i + 1 - start);
                            return Poll.ready(finish());
                        }
                    }
                    append(avail, start, avail.limit());
                    consume(avail.limit() - start);
                }
            }

            private void append(ByteBuffer b, int from, int to) {
                if (line.size() + (to - from) > maxLength + 1) { // + 1: room for a '\r'
                    throw new CodecException("line longer than " + maxLength + " bytes");
                }
                for (int i = from; i < to; i++) {
                    line.write(b.get(i));
                }
            }

            private String finish() {
                byte[] a = line.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                if (n > maxLength) {
                    throw new CodecException("line longer than " + maxLength + " bytes");
                }
                return new String(a, 0, n, StandardCharsets.UTF_8);
            }

            @Override
            public void cancel() {
                inner.cancelRead();
            }
        };
    }
}
