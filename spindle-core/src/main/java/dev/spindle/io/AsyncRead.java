package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.internal.ReadExact;
import dev.spindle.io.internal.ReadToEnd;
import java.nio.ByteBuffer;

/**
 * A source of bytes read without blocking, as Tokio's {@code AsyncRead} (with the methods of
 * {@code AsyncReadExt}).
 *
 * <p><b>The poll contract.</b> {@link #pollRead(Context, ByteBuffer)} transfers bytes into the
 * buffer's remaining space (advancing its position) and returns {@code Poll.ready(n)} with the
 * number read, {@code Poll.ready(-1)} at end of stream, or {@code Pending} after arranging for
 * {@code cx.waker()} to be woken. A buffer with no space left reads {@code 0} at once. Failures
 * are thrown, as {@link java.io.UncheckedIOException} for I/O errors. Every poll of an I/O
 * resource spends one unit of the task's cooperative budget.
 *
 * <p>One operation at a time: only the waker of the latest pending read is kept.
 */
public interface AsyncRead {

    /**
     * Attempts to read into {@code dst}.
     *
     * @param cx the polling task's context
     * @param dst the buffer to fill (write mode)
     * @return the number of bytes read, {@code -1} at end of stream, or pending
     */
    Poll<Integer> pollRead(Context cx, ByteBuffer dst);

    /**
     * Reads some bytes into {@code dst}: the future completes with the count ({@code > 0} unless
     * {@code dst} is full), or {@code -1} at end of stream.
     *
     * @param dst the buffer to fill
     * @return the future
     * @implNote Cancel safety: cancel-safe. If the future is cancelled before it completes, no
     *     bytes were read; the pending interest is withdrawn.
     */
    default Future<Integer> read(ByteBuffer dst) {
        return new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return pollRead(cx, dst);
            }

            @Override
            public void cancel() {
                cancelRead();
            }

            @Override
            public String toString() {
                return "read(" + AsyncRead.this + ")";
            }
        };
    }

    /**
     * Withdraws the interest of a pending read (called when a future reading from this source is
     * cancelled). The default does nothing; I/O resources forget the stored waker.
     */
    default void cancelRead() {
    }

    /**
     * Reads until {@code dst} is full.
     *
     * @param dst the buffer to fill completely
     * @return a future of the number of bytes read (the buffer's remaining space)
     * @throws java.io.UncheckedIOException wrapping {@link java.io.EOFException} if the stream ends
     *     first (from the future)
     * @implNote Cancel safety: not cancel-safe. Bytes read before the cancellation are in
     *     {@code dst} (its position moved) but the future does not report them.
     */
    default Future<Integer> readExact(ByteBuffer dst) {
        return new ReadExact(this, dst);
    }

    /**
     * Reads until end of stream and returns everything read.
     *
     * @param maxBytes the most bytes to accept; more fail with {@link CodecException}, so a peer
     *     cannot make this grow without bound
     * @return a future of the bytes
     * @implNote Cancel safety: not cancel-safe; bytes read before the cancellation are lost.
     */
    default Future<byte[]> readToEnd(int maxBytes) {
        return new ReadToEnd(this, maxBytes);
    }
}
