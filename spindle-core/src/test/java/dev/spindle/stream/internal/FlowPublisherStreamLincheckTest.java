package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.AbstractLincheckTest;
import dev.spindle.stream.AsyncStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The buffer and wakeups of {@link FlowPublisherStream}: a publisher thread that honours demand
 * ({@code onNext} only what was requested, then {@code onComplete}) races the task that polls
 * the stream (and requests from inside its polls). Checked at the end: the items arrived in
 * order with none lost or repeated; no lost wakeup — if a poll would make progress and the last
 * poll was pending, the consumer was woken since that poll began; and polls after that deliver
 * everything and then the end.
 */
public class FlowPublisherStreamLincheckTest extends AbstractLincheckTest {
    private final FlowPublisherStream<Integer> stream = new FlowPublisherStream<>(2);
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wakes = new AtomicInteger();
    private final Waker waker = wakes::incrementAndGet;
    private final Context cx = Context.of(waker);
    private final List<Integer> received = new ArrayList<>();
    private volatile int sent;
    private volatile boolean completed;
    private int wakesAtLastPoll;
    private boolean lastPollPending;
    private boolean ended;

    public FlowPublisherStreamLincheckTest() {
        stream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                demand.addAndGet(n);
            }

            @Override
            public void cancel() {
            }
        });
        poll(); // the first poll: requests the window, registers the waker
    }

    @Operation(nonParallelGroup = "publisher")
    public void emit() {
        if (!completed && demand.get() > 0) {
            demand.decrementAndGet();
            int v = sent;
            sent = v + 1;
            stream.onNext(v);
        }
    }

    @Operation(nonParallelGroup = "publisher")
    public void complete() {
        if (!completed) {
            completed = true;
            stream.onComplete();
        }
    }

    @Operation(nonParallelGroup = "consumer")
    public void poll() {
        if (ended) {
            return;
        }
        wakesAtLastPoll = wakes.get();
        Poll<Integer> p = stream.pollNext(cx);
        lastPollPending = !p.isReady();
        if (AsyncStream.isEnd(p)) {
            ended = true;
        } else if (p instanceof Poll.Ready<Integer> r) {
            received.add(r.value());
        }
    }

    @Validate
    public void checks() {
        boolean progress = sent > received.size() || (completed && !ended);
        // A poll that returned an item is followed by another poll anyway; only a pending one
        // relies on a wake.
        if (progress && lastPollPending && wakes.get() == wakesAtLastPoll) {
            throw new AssertionError("items or the end are waiting but the consumer was not woken");
        }
        for (int i = 0; i < 8 && !ended; i++) {
            poll();
        }
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i) != i) {
                throw new AssertionError("received " + received);
            }
        }
        if (received.size() != sent) {
            throw new AssertionError("sent " + sent + ", received " + received);
        }
        if (ended != completed) {
            throw new AssertionError("completed " + completed + " but ended " + ended);
        }
    }

    /** Each stress invocation here is slow (two single-thread groups hand off); fewer keep it to seconds. */
    @Override
    protected StressOptions customizeStress(StressOptions o) {
        return o.iterations(3 * STRESS).invocationsPerIteration(100 * STRESS);
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.actorsPerThread(3).actorsBefore(1).actorsAfter(0).threads(2);
    }
}
