package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An in-memory duplex stream for hand-polled tests: reads are served from chunks that the test
 * {@link #feed feeds} (pending, with the waker stored, while there are none; end of stream after
 * {@link #finish()}); writes accept at most {@code writeLimit} bytes per call and are collected.
 */
final class MemoryPipe implements AsyncRead, AsyncWrite {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final int writeLimit;
    private byte[] head;
    private int headPos;
    private boolean finished;
    private boolean shutdown;
    private Waker reader;
    int readPolls;
    int flushes;

    MemoryPipe(int writeLimit) {
        this.writeLimit = writeLimit;
    }

    MemoryPipe feed(byte[] chunk) {
        chunks.add(chunk);
        wakeReader();
        return this;
    }

    MemoryPipe feed(String s) {
        return feed(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    MemoryPipe finish() {
        finished = true;
        wakeReader();
        return this;
    }

    byte[] written() {
        return written.toByteArray();
    }

    boolean isShutdown() {
        return shutdown;
    }

    boolean readerWaiting() {
        return reader != null;
    }

    private void wakeReader() {
        Waker w = reader;
        reader = null;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        readPolls++;
        if (!dst.hasRemaining()) {
            return Poll.ready(0);
        }
        if (head == null || headPos == head.length) {
            head = chunks.poll();
            headPos = 0;
            if (head == null) {
                if (finished) {
                    return Poll.ready(-1);
                }
                reader = cx.waker();
                return Poll.pending();
            }
        }
        int n = Math.min(dst.remaining(), head.length - headPos);
        dst.put(head, headPos, n);
        headPos += n;
        return Poll.ready(n);
    }

    @Override
    public void cancelRead() {
        reader = null;
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        int n = Math.min(writeLimit, src.remaining());
        for (int i = 0; i < n; i++) {
            written.write(src.get());
        }
        return Poll.ready(n);
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
        flushes++;
        return Poll.ready(null);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
        shutdown = true;
        return Poll.ready(null);
    }
}
