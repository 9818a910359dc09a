package dev.spindle.bench.support;

import java.util.concurrent.atomic.AtomicReference;

/** Runs the root of a {@code vt} workload in a virtual thread and brings its failure home. */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    /** A body that may throw, such as one that joins threads. */
    @FunctionalInterface
    public interface Body {
        /** @throws Exception whatever the body throws */
        void run() throws Exception;
    }

    /**
     * Starts {@code body} in a new virtual thread and joins it.
     *
     * @param body the root task
     * @throws Exception what the body threw, rethrown on the calling thread
     */
    public static void runAndJoin(Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread root = Thread.startVirtualThread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        root.join();
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
