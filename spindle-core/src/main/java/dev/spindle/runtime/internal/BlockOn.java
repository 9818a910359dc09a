package dev.spindle.runtime.internal;

import dev.spindle.CancelledException;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.RuntimeClosedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code blockOn} for the multi-thread runtime: the calling thread polls the future itself,
 * inside the runtime's context (so it can spawn and sleep), and parks between polls until the
 * future's waker unparks it.
 */
final class BlockOn {
    private BlockOn() {
    }

    /**
     * A waker that unparks one thread. States: IDLE, PARKED (the thread sleeps), NOTIFIED (a wake
     * arrived and is not consumed yet). Every transition out of IDLE into PARKED is a CAS, so a
     * wake that lands between the thread's last check and its sleep is never overwritten.
     */
    static final class ThreadWaker implements Waker {
        private static final int IDLE = 0;
        private static final int PARKED = 1;
        private static final int NOTIFIED = 2;
        private final Thread thread = Thread.currentThread();
        private final AtomicInteger state = new AtomicInteger(IDLE);

        @Override
        public void wake() {
            if (state.getAndSet(NOTIFIED) == PARKED) {
                LockSupport.unpark(thread);
            }
        }

        /** @return whether a wake is waiting to be consumed by the next poll */
        boolean isNotified() {
            return state.get() == NOTIFIED;
        }

        /**
         * Sleeps until woken (consuming the wake), the runtime closes, or an interrupt.
         *
         * @return {@code false} if interrupted
         */
        boolean park(RuntimeCore rt) {
            if (state.compareAndSet(NOTIFIED, IDLE)) {
                return true;
            }
            if (!state.compareAndSet(IDLE, PARKED)) {
                state.set(IDLE); // it was NOTIFIED in between: consume it
                return true;
            }
            // Parked: no longer inhibits auto-advance. A wake sets NOTIFIED, which inhibits it
            // (RuntimeCore.blockOnPending) until this thread counts itself busy again, which it
            // does before consuming the wake: no window in which time could jump.
            rt.externalBusy.decrementAndGet();
            rt.maybeKickPausedClock();
            boolean interrupted = false;
            while (state.get() == PARKED) {
                if (rt.lifecycle == RuntimeCore.CLOSED) {
                    break;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                    break;
                }
            }
            rt.externalBusy.incrementAndGet();
            state.set(IDLE);
            return !interrupted;
        }
    }

    static <T> T run(RuntimeCore rt, Future<T> future, ThreadContext tc) {
        if (rt.lifecycle != RuntimeCore.RUNNING) {
            throw new RuntimeClosedException("cannot blockOn: the runtime is closed");
        }
        RuntimeCore outerRuntime = tc.runtime;
        tc.runtime = rt;
        rt.seedCaller(tc);
        ThreadWaker waker = new ThreadWaker();
        Context cx = Context.of(waker);
        rt.blockers.add(waker);
        rt.externalBusy.incrementAndGet(); // busy (inhibits auto-advance) whenever not parked
        try {
            for (;;) {
                if (rt.lifecycle == RuntimeCore.CLOSED) {
                    future.cancel();
                    throw new RuntimeClosedException("the runtime was closed while blockOn waited");
                }
                Poll<T> p = pollOnce(rt, future, cx, tc, false);
                if (p instanceof Poll.Ready<T> r) {
                    return r.value();
                }
                if (!waker.park(rt)) {
                    future.cancel();
                    Thread.currentThread().interrupt();
                    throw new CancelledException("blockOn was interrupted; the future was cancelled");
                }
            }
        } finally {
            rt.externalBusy.decrementAndGet();
            rt.blockers.remove(waker);
            tc.runtime = outerRuntime;
            rt.maybeKickPausedClock();
        }
    }

    /** One poll with a fresh budget; failures leave as they are, checked ones wrapped. */
    static <T> Poll<T> pollOnce(RuntimeCore rt, Future<T> future, Context cx, ThreadContext tc, boolean countBusy) {
        if (countBusy) {
            rt.externalBusy.incrementAndGet();
        }
        int outerBudget = tc.budget;
        tc.budget = Coop.BUDGET;
        rt.metrics.externalPolls.increment();
        try {
            return future.poll(cx);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new CompletionException(t);
        } finally {
            tc.budget = outerBudget;
            if (countBusy) {
                rt.externalBusy.decrementAndGet();
                rt.maybeKickPausedClock();
            }
        }
    }
}
