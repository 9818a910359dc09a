package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.AbstractLincheckTest;
import dev.spindle.stream.AsyncStream;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The demand word and wakeups of {@link StreamPublisher}'s subscription: {@code request}s from
 * several threads race the task that serves an endless stream ({@code request(0)} and
 * {@code cancel} join them in {@link StreamPublisherCancelLincheckTest}; kept apart because
 * their own wakes would hide a lost request wakeup in most random scenarios). Checked at the end: never more items than requested; at most one terminal
 * signal, and none after a cancel; the stream cancelled at most once; and no lost wakeup — if
 * the task has work (outstanding demand, a bad request, a cancel) it was woken since its last
 * poll began, and one more poll does that work.
 */
@Param(name = "n", gen = IntGen.class, conf = "1:2")
public class StreamPublisherLincheckTest extends AbstractLincheckTest {
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger terminals = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger streamCancels = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private volatile boolean badRequest;
    private volatile boolean cancelled;
    private final AtomicInteger wakes = new AtomicInteger();
    private final Waker waker = wakes::incrementAndGet;
    private final Context cx = Context.of(waker);
    private final StreamPublisher.Emitter<Integer> emitter;
    private int wakesAtLastServe;
    private boolean finished;

    public StreamPublisherLincheckTest() {
        AsyncStream<Integer> endless = new AsyncStream<>() {
            @Override
            public Poll<Integer> pollNext(Context c) {
                return Poll.ready(1);
            }

            @Override
            public void cancel() {
                streamCancels.incrementAndGet();
            }
        };
        Flow.Subscriber<Integer> sub = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
            }

            @Override
            public void onNext(Integer item) {
                delivered.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
                errors.incrementAndGet();
                terminals.incrementAndGet();
            }

            @Override
            public void onComplete() {
                terminals.incrementAndGet();
            }
        };
        emitter = new StreamPublisher.Emitter<>(endless, sub);
        serve(); // the task's first poll: no demand yet, it parks
    }

    @Operation
    public void request(@Param(name = "n") int n) {
        requested.addAndGet(n);
        emitter.request(n);
    }

    /** A request of zero (rule 3.9): for {@link StreamPublisherCancelLincheckTest}. */
    public void requestZero() {
        badRequest = true;
        emitter.request(0);
    }

    /** The subscriber's cancel: for {@link StreamPublisherCancelLincheckTest}. */
    public void cancel() {
        cancelled = true;
        emitter.cancel();
    }

    /** One poll of the serving task. */
    @Operation(nonParallelGroup = "task")
    public void serve() {
        if (!finished) {
            wakesAtLastServe = wakes.get();
            finished = emitter.task.poll(cx).isReady();
        }
    }

    @Validate
    public void checks() {
        if (delivered.get() > requested.get()) {
            throw new AssertionError("delivered " + delivered.get() + " of " + requested.get() + " requested");
        }
        if (terminals.get() > 1 || streamCancels.get() > 1) {
            throw new AssertionError("terminal signals " + terminals.get() + ", stream cancels " + streamCancels.get());
        }
        boolean work = badRequest || cancelled || requested.get() > delivered.get();
        if (!finished && work && wakes.get() == wakesAtLastServe) {
            throw new AssertionError("the task has work but was not woken");
        }
        serve();
        if (badRequest || cancelled) {
            if (!finished || streamCancels.get() != 1) {
                throw new AssertionError("a bad request or cancel must end the task and cancel the stream");
            }
            if (cancelled && !badRequest && terminals.get() != 0) {
                throw new AssertionError("a signal after cancel");
            }
        } else if (delivered.get() != requested.get()) {
            throw new AssertionError("delivered " + delivered.get() + " of " + requested.get() + " after the last poll");
        }
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.actorsPerThread(2).actorsBefore(1).actorsAfter(0);
    }
}
