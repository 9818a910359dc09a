package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.internal.WriteAll;
import java.nio.ByteBuffer;

/**
 * A sink of bytes written without blocking, as Tokio's {@code AsyncWrite} (with the methods of
 * {@code AsyncWriteExt}).
 *
 * <p><b>The poll contract.</b> {@link #pollWrite(Context, ByteBuffer)} transfers bytes from the
 * buffer's remaining content (advancing its position) and returns {@code Poll.ready(n)} with the
 * count written ({@code > 0} unless the buffer was empty), or {@code Pending} after arranging for
 * {@code cx.waker()} to be woken. {@link #pollFlush} pushes buffered bytes down; {@link
 * #pollShutdown} flushes and then closes the writing direction (a socket's FIN). Failures are
 * thrown, as {@link java.io.UncheckedIOException} for I/O errors. Every poll of an I/O
 * resource spends one unit of the task's cooperative budget.
 */
public interface AsyncWrite {

    /**
     * Attempts to write from {@code src}.
     *
     * @param cx the polling task's context
     * @param src the bytes to write (read mode)
     * @return the number of bytes written, or pending
     */
    Poll<Integer> pollWrite(Context cx, ByteBuffer src);

    /**
     * Attempts to flush buffered bytes. The default is ready at once (nothing is buffered).
     *
     * @param cx the polling task's context
     * @return ready once flushed
     */
    default Poll<Void> pollFlush(Context cx) {
        return Poll.ready(null);
    }

    /**
     * Attempts to flush and close the writing direction.
     *
     * @param cx the polling task's context
     * @return ready once shut down
     */
    Poll<Void> pollShutdown(Context cx);

    /**
     * Withdraws the interest of a pending write (called when a future writing to this sink is
     * cancelled). The default does nothing.
     */
    default void cancelWrite() {
    }

    /**
     * Writes some bytes of {@code src}.
     *
     * @param src the bytes
     * @return a future of the count written
     * @implNote Cancel safety: cancel-safe. If cancelled before it completes, nothing was written.
     */
    default Future<Integer> write(ByteBuffer src) {
        return new Future<>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return pollWrite(cx, src);
            }

            @Override
            public void cancel() {
                cancelWrite();
            }

            @Override
            public String toString() {
                return "write(" + AsyncWrite.this + ")";
            }
        };
    }

    /**
     * Writes all of {@code src}.
     *
     * @param src the bytes
     * @return a future completing when {@code src} has no bytes left
     * @implNote Cancel safety: not cancel-safe. Part of {@code src} may have been written (its
     *     position tells how much) when the future is cancelled.
     */
    default Future<Void> writeAll(ByteBuffer src) {
        return new WriteAll(this, src);
    }

    /**
     * Flushes buffered bytes.
     *
     * @return a future completing once flushed
     * @implNote Cancel safety: cancel-safe; the buffered bytes stay buffered (or partly written).
     */
    default Future<Void> flush() {
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return pollFlush(cx);
            }

            @Override
            public void cancel() {
                cancelWrite();
            }
        };
    }

    /**
     * Flushes and closes the writing direction.
     *
     * @return a future completing once shut down
     * @implNote Cancel safety: cancel-safe; it may be retried.
     */
    default Future<Void> shutdown() {
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return pollShutdown(cx);
            }

            @Override
            public void cancel() {
                cancelWrite();
            }
        };
    }
}
