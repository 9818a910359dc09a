package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.HandDrivenTask;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A wake racing the poll of a freshly spawned (so already queued) task, the waker having
 * written a plain field the poll reads (§3.2 and §3.8 of the design): whenever the wake lands,
 * the last poll after it must see the write, and the task is polled exactly once more than the
 * wakes that did not merge. No queue entry is ever doubled.
 *
 * <p>Where the wake can land:
 * <ul>
 *   <li>before the worker's run clears NOTIFIED: the task is queued already, the wake merges
 *       into that pending poll, and that poll must see the write (one poll);
 *   <li>during the poll (RUNNING): the wake sets NOTIFIED, the worker re-queues the task after
 *       the poll, and the next poll sees the write (two polls);
 *   <li>after the run: the wake queues the idle task; the worker's second turn or the arbiter
 *       polls it (two polls).
 * </ul>
 *
 * <p>Result: polls in all, what the last poll read, protocol violations.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE,
        desc = "The wake merged with the pending one; the single poll saw the write.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE,
        desc = "The wake came during or after the poll: exactly one more poll, which saw the write.")
@Outcome(id = "1, 0, 0", expect = FORBIDDEN,
        desc = "Lost wake: the merged wake published nothing; the only poll after it missed the write.")
@Outcome(id = "2, 0, 0", expect = FORBIDDEN,
        desc = "Lost wake: the poll the wake caused missed the write.")
@Outcome(expect = FORBIDDEN, desc = "A doubled or lost poll, or a broken queue invariant.")
@State
public class WakeDuringPollTest {
    private final HandDrivenTask<Void> t = new HandDrivenTask<>(this::poll);
    /** Written by the waker before wake(); read by each poll. Plain on purpose. */
    private int data;
    /** Touched by pollers, one at a time (the task's promise), and the arbiter. */
    private int polls;
    private int lastSeen;

    private Poll<Void> poll(Context cx) {
        polls++;
        lastSeen = data;
        return Poll.pending();
    }

    @Actor
    public void worker() {
        t.runIfQueued();
        t.runIfQueued();
    }

    @Actor
    public void waker() {
        data = 1;
        t.task().wake();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        t.runIfQueued();
        r.r1 = polls;
        r.r2 = lastSeen;
        r.r3 = t.violations();
    }
}
