package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.internal.CopyState;
import java.util.Objects;

/**
 * Operations on byte streams that take more than one stream (Tokio's {@code tokio::io::copy} and
 * {@code copy_bidirectional}). Single-stream helpers ({@code readExact}, {@code writeAll}, ...)
 * are methods of {@link AsyncRead} and {@link AsyncWrite}.
 */
public final class AsyncIo {
    /** The copy buffer's size, as Tokio's. */
    public static final int COPY_BUFFER_SIZE = 8 * 1024;

    private AsyncIo() {
    }

    /**
     * Copies {@code reader} to {@code writer} until the reader's end of stream, then flushes the
     * writer (it is not shut down).
     *
     * @param reader the source
     * @param writer the sink
     * @return a future of the number of bytes copied
     * @implNote Cancel safety: not cancel-safe; bytes read but not yet written are lost.
     */
    public static Future<Long> copy(AsyncRead reader, AsyncWrite writer) {
        CopyState s = new CopyState(Objects.requireNonNull(reader, "reader"),
                Objects.requireNonNull(writer, "writer"), COPY_BUFFER_SIZE);
        return new Future<>() {
            @Override
            public Poll<Long> poll(Context cx) {
                return s.poll(cx) ? Poll.ready(s.total()) : Poll.pending();
            }

            @Override
            public void cancel() {
                s.cancel();
            }
        };
    }

    /**
     * Copies {@code a} to {@code b} and {@code b} to {@code a} at once; when one side reaches end
     * of stream, the other side's writing direction is shut down (so the peer sees end of stream
     * too). Completes when both directions are done.
     *
     * @param a one stream
     * @param b the other
     * @param <S> a duplex stream type
     * @return a future of the byte counts: {@code [a to b, b to a]}
     * @implNote Cancel safety: not cancel-safe; bytes in flight are lost.
     */
    public static <S extends AsyncRead & AsyncWrite> Future<long[]> copyBidirectional(S a, S b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        CopyState ab = new CopyState(a, b, COPY_BUFFER_SIZE);
        CopyState ba = new CopyState(b, a, COPY_BUFFER_SIZE);
        return new Future<>() {
            private boolean abShut;
            private boolean baShut;

            @Override
            public Poll<long[]> poll(Context cx) {
                if (!abShut && ab.poll(cx)) {
                    if (!b.pollShutdown(cx).isReady()) {
                        return Poll.pending();
                    }
                    abShut = true;
                }
                if (!baShut && ba.poll(cx)) {
                    if (!a.pollShutdown(cx).isReady()) {
                        return Poll.pending();
                    }
                    baShut = true;
                }
                return abShut && baShut ? Poll.ready(new long[] {ab.total(), ba.total()}) : Poll.pending();
            }

            @Override
            public void cancel() {
                ab.cancel();
                ba.cancel();
            }
        };
    }
}
