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
 * An outside wake racing a poll that wakes its own task first (a yield), the waker having
 * written a plain field the polls read (§3.2, §3.8): the outside wake may merge with the
 * self-wake (the task is RUNNING and NOTIFIED) or with the re-queued entry, and the poll that
 * serves it must still see the write.
 *
 * <p>Result: polls in all, what the last poll read, protocol violations. The first poll wakes
 * the task, so there are two polls at least, three if the outside wake came after the second
 * poll started.
 */
@JCStressTest
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE,
        desc = "The outside wake merged with a pending one; the poll serving both saw the write.")
@Outcome(id = "3, 1, 0", expect = ACCEPTABLE,
        desc = "The outside wake came during or after the second poll: one more poll, which saw the write.")
@Outcome(id = "2, 0, 0", expect = FORBIDDEN,
        desc = "Lost wake: the merged wake published nothing; the poll serving it missed the write.")
@Outcome(expect = FORBIDDEN, desc = "A doubled or lost poll, a stale read, or a broken queue invariant.")
@State
public class WakeDuringSelfWokenPollTest {
    private final HandDrivenTask<Void> t = new HandDrivenTask<>(this::poll);
    /** Written by the waker before wake(); read by each poll. Plain on purpose. */
    private int data;
    private int polls;
    private int lastSeen;

    private Poll<Void> poll(Context cx) {
        if (++polls == 1) {
            cx.waker().wake();
        }
        lastSeen = data;
        return Poll.pending();
    }

    @Actor
    public void worker() {
        t.runIfQueued();
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
