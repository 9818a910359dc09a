package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Polls a stream by hand on the test thread with a waker that counts its wakes. */
final class StreamPoller<T> {
    private final AsyncStream<T> stream;
    private final AtomicInteger wakes = new AtomicInteger();
    private final Context cx = Context.of(wakes::incrementAndGet);
    private int wakesAtLastPoll;

    StreamPoller(AsyncStream<T> stream) {
        this.stream = stream;
    }

    static <T> StreamPoller<T> of(AsyncStream<T> stream) {
        return new StreamPoller<>(stream);
    }

    Poll<T> poll() {
        wakesAtLastPoll = wakes.get();
        return stream.pollNext(cx);
    }

    T assertItem() {
        Poll<T> p = poll();
        assertFalse(AsyncStream.isEnd(p), "expected an item, got the end");
        assertTrue(p instanceof Poll.Ready<T>, "expected an item, got pending");
        return ((Poll.Ready<T>) p).value();
    }

    void assertItem(T expected) {
        assertEquals(expected, assertItem());
    }

    void assertPending() {
        Poll<T> p = poll();
        assertFalse(p.isReady(), () -> "expected pending, got " + p);
    }

    void assertEnd() {
        Poll<T> p = poll();
        assertTrue(AsyncStream.isEnd(p), () -> "expected the end, got " + p);
    }

    /** Polls until the end, failing if the stream is pending (it must be ready by hand). */
    List<T> drain() {
        List<T> out = new ArrayList<>();
        for (;;) {
            Poll<T> p = poll();
            if (AsyncStream.isEnd(p)) {
                return out;
            }
            assertTrue(p.isReady(), "pending while draining after " + out);
            out.add(((Poll.Ready<T>) p).value());
        }
    }

    boolean isWoken() {
        return wakes.get() != wakesAtLastPoll;
    }

    void cancel() {
        stream.cancel();
    }
}
