package dev.spindle.stream.tck;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.stream.AsyncStream;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's publisher rules, run against Spindle's {@code AsyncStream} →
 * {@code Flow.Publisher} adapters on a 2-worker multi-thread runtime. One subclass per adapter.
 *
 * <p>The failed publisher is a cold publisher whose stream supplier throws: it signals
 * {@code onSubscribe} then {@code onError} without any demand (rule 1.4). A stream that fails
 * when polled is only polled under demand, which the TCK's failed-publisher tests do not give.
 */
abstract class AbstractStreamPublisherTck extends FlowPublisherVerification<Long> {
    /** How long a signal may take: the TCK's 100 ms is tight on a shared 2-core machine (signals are awaited). */
    static final long TIMEOUT_MS = 1_000;
    /** How long the TCK watches for a signal that must not come. */
    static final long NO_SIGNAL_MS = 100;

    AsyncRuntime rt;

    AbstractStreamPublisherTck() {
        super(new TestEnvironment(TIMEOUT_MS, NO_SIGNAL_MS), TIMEOUT_MS);
    }

    @BeforeClass
    void startRuntime() {
        rt = AsyncRuntime.builder().multiThread().workerThreads(2).build();
    }

    @AfterClass
    void stopRuntime() {
        rt.close();
    }

    /** @return the stream of {@code elements} longs 0, 1, 2, ... (endless for Long.MAX_VALUE) */
    static AsyncStream<Long> longs(long elements) {
        AsyncStream<Long> all = AsyncStream.iterate(0L, x -> x + 1);
        return elements == Long.MAX_VALUE ? all : all.take(elements);
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return AsyncStream.publisher(() -> {
            throw new IllegalStateException("the stream could not be built");
        }, rt);
    }
}
