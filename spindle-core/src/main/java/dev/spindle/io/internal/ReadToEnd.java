package dev.spindle.io.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.AsyncRead;
import dev.spindle.io.CodecException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** {@link AsyncRead#readToEnd}: reads until end of stream into a growing array, up to a limit. */
public final class ReadToEnd implements Future<byte[]> {
    private final AsyncRead src;
    private final int maxBytes;
    private ByteBuffer buf = ByteBuffer.allocate(1024);

    public ReadToEnd(AsyncRead src, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
        }
        this.src = src;
        this.maxBytes = maxBytes;
    }

    @Override
    public Poll<byte[]> poll(Context cx) {
        while (true) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() > maxBytes) {
                    throw new CodecException("stream longer than the limit of " + maxBytes + " bytes");
                }
                // One byte past the limit tells "exactly maxBytes" from "too long".
                int cap = (int) Math.min((long) maxBytes + 1, Math.max(1024L, buf.capacity() * 2L));
                buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), cap)).position(buf.position());
            }
            Poll<Integer> p = src.pollRead(cx, buf);
            if (!(p instanceof Poll.Ready<Integer> r)) {
                return Poll.pending();
            }
            if (r.value() < 0) {
                if (buf.position() > maxBytes) {
                    throw new CodecException("stream longer than the limit of " + maxBytes + " bytes");
                }
                return Poll.ready(Arrays.copyOf(buf.array(), buf.position()));
            }
        }
    }

    @Override
    public void cancel() {
        src.cancelRead();
    }
}
