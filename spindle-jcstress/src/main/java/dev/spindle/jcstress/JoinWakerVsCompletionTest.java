package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.HandDrivenTask;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A joiner polling the join handle while the task completes: the joiner stores its waker and
 * re-reads the state, the completer sets COMPLETE and then reads the waker, so at least one of
 * them sees the other. The joiner sees the outcome (and its value, published by the COMPLETE
 * CAS), or it is woken; never neither.
 *
 * <p>Result: the value the join returned (0 for Pending), the joiner's wakes.
 */
@JCStressTest
@Outcome(id = "42, 0", expect = ACCEPTABLE, desc = "The joiner saw the task complete.")
@Outcome(id = "42, 1", expect = ACCEPTABLE,
        desc = "The joiner saw the task complete, and the completer saw its waker too (a spurious wake).")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The joiner saw Pending and was woken.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost join wake: Pending, and never woken.")
@Outcome(expect = FORBIDDEN, desc = "The join saw COMPLETE without the value, or was woken twice.")
@State
public class JoinWakerVsCompletionTest {
    private final HandDrivenTask<Integer> t = new HandDrivenTask<>(cx -> Poll.ready(42));
    private final CountingWaker joiner = new CountingWaker();

    @Actor
    public void completer() {
        t.runIfQueued();
    }

    @Actor
    public void join(II_Result r) {
        Poll<Integer> p = t.task().poll(Context.of(joiner));
        r.r1 = p instanceof Poll.Ready<Integer> ready ? (ready.value() == null ? -1 : ready.value()) : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = joiner.wakes;
    }

    /** Woken by the completer's thread; read by the arbiter, which runs after both actors. */
    static final class CountingWaker implements Waker {
        int wakes;

        @Override
        public void wake() {
            wakes++;
        }
    }
}
