package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.sync.Mutex;
import dev.spindle.sync.MutexGuard;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A mutex's unlock racing a new waiter's first poll (the lock-free fast paths of the batch
 * semaphore: the unlock's CAS of the counter against the waiter's CAS that sets QUEUED). The
 * lock must end up with the waiter exactly once: either its first poll takes the free lock, or
 * it queues and the unlock hands the lock over and wakes it.
 *
 * <p>Result: how the waiter got the lock (1 at its first poll, 2 after being woken, 0 never),
 * the wakes it received, and whether a {@code tryLock} after the race wrongly succeeded
 * (1 = the lock was held twice or leaked to the counter).
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The unlock came first; the first poll took the lock.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "The waiter queued first; the unlock handed it the lock and woke it once.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "Lost wakeup: the waiter queued and the lock went elsewhere.")
@Outcome(expect = FORBIDDEN, desc = "Lock doubled, leaked, or woken more than once.")
@State
public class MutexUnlockVsNewWaiterTest {
    private final Mutex<Integer> mutex = new Mutex<>(0);
    private final MutexGuard<Integer> held = mutex.tryLock().orElseThrow();
    private final AtomicInteger wakes = new AtomicInteger();
    private final Context cx = Context.of(wakes::incrementAndGet);
    private final Future<MutexGuard<Integer>> lock = mutex.lock();
    private boolean firstPollReady;

    @Actor
    public void unlocker() {
        held.close();
    }

    @Actor
    public void waiter() {
        firstPollReady = lock.poll(cx).isReady();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int w = wakes.get();
        if (firstPollReady) {
            r.r1 = 1;
        } else if (w > 0 && lock.poll(cx) instanceof Poll.Ready<?>) {
            r.r1 = 2;
        } else {
            r.r1 = 0;
        }
        r.r2 = w;
        r.r3 = mutex.tryLock().isPresent() ? 1 : 0;
    }
}
