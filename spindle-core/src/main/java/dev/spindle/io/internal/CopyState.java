package dev.spindle.io.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.io.AsyncRead;
import dev.spindle.io.AsyncWrite;
import java.nio.ByteBuffer;

/**
 * One direction of a copy (Tokio's {@code CopyBuffer}): read into a buffer, write it all out,
 * repeat until end of stream, then flush. Polled by {@link dev.spindle.io.AsyncIo#copy} and, twice,
 * by {@link dev.spindle.io.AsyncIo#copyBidirectional}.
 *
 * <p>The buffer is kept in read mode (position to limit = bytes not yet written). When the reader
 * has nothing and bytes were written since the last flush, the writer is flushed before waiting,
 * so a buffered writer never holds data while the copy sleeps.
 */
public final class CopyState {
    private final AsyncRead reader;
    private final AsyncWrite writer;
    private final ByteBuffer buf;
    private boolean eof;
    private boolean needFlush;
    private boolean done;
    private long total;

    public CopyState(AsyncRead reader, AsyncWrite writer, int bufferSize) {
        this.reader = reader;
        this.writer = writer;
        this.buf = ByteBuffer.allocate(bufferSize).flip();
    }

    /** @return whether the reader reached end of stream and everything was written and flushed */
    public boolean isDone() {
        return done;
    }

    /** @return the bytes copied so far */
    public long total() {
        return total;
    }

    /**
     * Makes progress.
     *
     * @param cx the context
     * @return {@code true} once done
     */
    public boolean poll(Context cx) {
        while (!done) {
            if (buf.hasRemaining()) {
                Poll<Integer> w = writer.pollWrite(cx, buf);
                if (!(w instanceof Poll.Ready<Integer> r)) {
                    return false;
                }
                if (r.value() == 0) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("write zero bytes"));
                }
                total += r.value();
                needFlush = true;
            } else if (eof) {
                if (!writer.pollFlush(cx).isReady()) {
                    return false;
                }
                done = true;
            } else {
                buf.clear();
                Poll<Integer> p = reader.pollRead(cx, buf);
                buf.flip();
                if (!(p instanceof Poll.Ready<Integer> r)) {
                    if (needFlush) {
                        if (writer.pollFlush(cx).isReady()) {
                            needFlush = false;
                        }
                    }
                    return false;
                }
                if (r.value() < 0) {
                    eof = true;
                }
            }
        }
        return true;
    }

    /** Withdraws the pending interest on both ends. */
    public void cancel() {
        reader.cancelRead();
        writer.cancelWrite();
    }
}
