package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.Poll;
import dev.spindle.runtime.internal.HandDrivenTask;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two wakes of an idle task at once (§3.2 of the design: concurrent wakes schedule once).
 *
 * <p>Result: hand-overs to the scheduler caused by the wakes, protocol violations.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "One wake queued the task; the other saw it NOTIFIED.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "Double schedule: both wakes queued the task.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Lost wake: NOTIFIED but never queued.")
@Outcome(expect = FORBIDDEN, desc = "A broken queue invariant.")
@State
public class WakeWakeTest {
    private final HandDrivenTask<Void> t = new HandDrivenTask<>(cx -> Poll.pending());

    public WakeWakeTest() {
        t.runIfQueued(); // the spawn's poll: now idle, in no queue
    }

    @Actor
    public void waker1() {
        t.task().wake();
    }

    @Actor
    public void waker2() {
        t.task().wake();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = t.handOvers() - 1;
        r.r2 = t.violations();
    }
}
