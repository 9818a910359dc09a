package dev.spindle.io.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.AsyncWrite;
import java.nio.ByteBuffer;

/** {@link AsyncWrite#writeAll}: writes until the buffer is empty. */
public final class WriteAll implements Future<Void> {
    private final AsyncWrite dst;
    private final ByteBuffer src;

    public WriteAll(AsyncWrite dst, ByteBuffer src) {
        this.dst = dst;
        this.src = src;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        while (src.hasRemaining()) {
            if (!dst.pollWrite(cx, src).isReady()) {
                return Poll.pending();
            }
        }
        return Poll.ready(null);
    }

    @Override
    public void cancel() {
        dst.cancelWrite();
    }

    /** @return what a task dump shows when a task waits here */
    @Override
    public String toString() {
        return "writeAll(" + src.remaining() + " bytes left, to " + dst + ")";
    }
}
