package dev.spindle.io.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.AsyncRead;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** {@link AsyncRead#readExact}: reads until the buffer is full; end of stream first is an error. */
public final class ReadExact implements Future<Integer> {
    private final AsyncRead src;
    private final ByteBuffer dst;
    private final int wanted;

    public ReadExact(AsyncRead src, ByteBuffer dst) {
        this.src = src;
        this.dst = dst;
        this.wanted = dst.remaining();
    }

    @Override
    public Poll<Integer> poll(Context cx) {
        while (dst.hasRemaining()) {
            Poll<Integer> p = src.pollRead(cx, dst);
            if (!(p instanceof Poll.Ready<Integer> r)) {
                return Poll.pending();
            }
            if (r.value() < 0) {
                throw new UncheckedIOException(new EOFException(
                        "end of stream after " + (wanted - dst.remaining()) + " of " + wanted + " bytes"));
            }
        }
        return Poll.ready(wanted);
    }

    @Override
    public void cancel() {
        src.cancelRead();
    }

    /** @return what a task dump shows when a task waits here */
    @Override
    public String toString() {
        return "readExact(" + (wanted - dst.remaining()) + " of " + wanted + " bytes from " + src + ")";
    }
}
