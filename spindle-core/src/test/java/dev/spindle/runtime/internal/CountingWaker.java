package dev.spindle.runtime.internal;

import dev.spindle.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A waker that counts its wakes: what a joiner registers with a task. */
final class CountingWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    int wakes() {
        return wakes.get();
    }
}
