package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.support.Gate;
import dev.spindle.support.Tracked;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sync primitives inside real tasks, run against every runtime flavour by a subclass per
 * flavour: mutual exclusion, bounded concurrency, once-only initialisation, barrier rounds, the
 * cooperative budget, and the cancellation stress of issue 3 — {@code 10^5} random cancellations
 * of lock and acquire futures (racing a {@code select}), after which no permit is lost or
 * doubled and the primitive still works. Every wait is a join; nothing sleeps.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class SyncContractTest {
    private static final int STRESS = Math.max(1, Integer.getInteger("spindle.stress", 1));
    private static final int CANCELLATIONS = 100_000 * STRESS;
    private static final int RACERS = 4;

    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    protected AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = builder().build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Spawns {@code n} tasks built by {@code task} and returns their values, in order. */
    private <T> List<T> runAll(int n, java.util.function.IntFunction<Future<T>> task) {
        List<JoinHandle<T>> hs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hs.add(rt.spawn(task.apply(i)));
        }
        return rt.blockOn(Futures.joinAll(hs));
    }

    /** A future that runs {@code step} {@code times} times, one after the other. */
    private static Future<Void> repeat(int times, Supplier<Future<?>> step) {
        return new Future<>() {
            int done;
            Future<?> current;

            @Override
            public Poll<Void> poll(Context cx) {
                for (;;) {
                    if (current == null) {
                        if (done == times) {
                            return Poll.ready(null);
                        }
                        current = step.get();
                    }
                    if (!current.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    current = null;
                    done++;
                }
            }

            @Override
            public void cancel() {
                if (current != null) {
                    current.cancel();
                }
            }
        };
    }

    /** Mutable state that only the lock holder touches: a plain field, no atomics. */
    static final class Counter {
        long value;
        long shadow;
    }

    // ------------------------------------------------------------------ Mutex

    @Test
    void mutexSerialisesIncrementsFromManyTasksIncludingHoldersThatYield() {
        Mutex<Counter> m = new Mutex<>(new Counter());
        runAll(20, i -> repeat(500, () -> m.lock().flatMap(g -> {
            long v = g.get().value;
            return Task.yieldNow().map(x -> {
                g.get().value = v + 1; // a lost update would show if two held the lock
                g.close();
                return null;
            });
        })));
        assertEquals(20 * 500, m.tryLock().orElseThrow().get().value);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20261201})
    void mutexCancelledLocksNeverLeakTheLock(long seed) {
        Mutex<Counter> m = new Mutex<>(new Counter());
        List<Racer.Tally> tallies = runAll(RACERS, i -> new Racer<MutexGuard<Counter>>(seed * 31 + i,
                CANCELLATIONS / RACERS, m::lock,
                g -> {
                    Counter c = g.get();
                    assertEquals(c.value, c.shadow, "two holders at once");
                    c.value++;
                },
                g -> g.get().shadow++));
        long acquired = tallies.stream().mapToLong(Racer.Tally::acquired).sum();
        long cancelled = tallies.stream().mapToLong(Racer.Tally::cancelled).sum();
        assertTrue(cancelled >= CANCELLATIONS - RACERS, "cancellations " + cancelled);
        MutexGuard<Counter> g = m.tryLock().orElseThrow(() -> new AssertionError("the lock leaked"));
        assertEquals(acquired, g.get().value);
        assertEquals(acquired, g.get().shadow);
        g.close();
        assertFalse(m.isLocked());
        // and it still works from tasks
        runAll(4, i -> repeat(100, () -> m.lock().map(x -> {
            x.get().value++;
            x.close();
            return null;
        })));
        assertEquals(acquired + 400, m.tryLock().orElseThrow().get().value);
    }

    // ------------------------------------------------------------------ Semaphore

    @ParameterizedTest
    @ValueSource(longs = {7, 99, 123456789})
    void semaphoreCancelledAcquiresNeverLeakOrDoublePermits(long seed) {
        int permits = 3;
        Semaphore s = new Semaphore(permits);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger overuse = new AtomicInteger();
        List<Racer.Tally> tallies = runAll(RACERS, i -> {
            java.util.Random sizes = new java.util.Random(seed ^ i);
            return new Racer<SemaphorePermit>(seed * 17 + i, CANCELLATIONS / RACERS,
                    () -> s.acquire(1 + sizes.nextInt(permits)),
                    p -> {
                        if (inUse.addAndGet(p.permits()) > permits) {
                            overuse.incrementAndGet();
                        }
                    },
                    p -> inUse.addAndGet(-p.permits()));
        });
        assertTrue(tallies.stream().mapToLong(Racer.Tally::cancelled).sum() >= CANCELLATIONS - RACERS);
        assertEquals(0, overuse.get(), "more permits in use than the semaphore has");
        assertEquals(permits, s.availablePermits(), "permits leaked or doubled");
        s.tryAcquire(permits).orElseThrow().close();
    }

    @Test
    void semaphoreBoundsHowManyTasksRunAtOnce() {
        Semaphore s = new Semaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        runAll(30, i -> repeat(20, () -> s.acquire().flatMap(p -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            return Task.yieldNow().map(x -> {
                inside.decrementAndGet();
                p.close();
                return null;
            });
        })));
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(3, s.availablePermits());
    }

    @Test
    void semaphoreCloseFailsEveryWaitingTask() {
        Semaphore s = new Semaphore(0);
        List<JoinHandle<SemaphorePermit>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(rt.spawn(s.acquire()));
        }
        rt.blockOn(Task.yieldNow());
        s.close();
        for (JoinHandle<SemaphorePermit> h : waiting) {
            Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> rt.blockOn(h));
            assertTrue(hasCause(t, SemaphoreClosedException.class), String.valueOf(t));
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ RwLock

    @ParameterizedTest
    @ValueSource(longs = {3, 2026})
    void rwLockCancelledReadsAndWritesNeverLeakAndWritersExclude(long seed) {
        RwLock<Counter> l = new RwLock<>(new Counter(), 8);
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        List<Racer.Tally> tallies = runAll(RACERS, i -> {
            if (i % 2 == 0) {
                return new Racer<RwLockWriteGuard<Counter>>(seed * 13 + i, CANCELLATIONS / RACERS / 2, l::write,
                        g -> {
                            if (writers.incrementAndGet() != 1 || readers.get() != 0) {
                                violations.incrementAndGet();
                            }
                            g.get().value++;
                        },
                        g -> writers.decrementAndGet());
            }
            return new Racer<RwLockReadGuard<Counter>>(seed * 13 + i, CANCELLATIONS / RACERS / 2, l::read,
                    g -> {
                        readers.incrementAndGet();
                        if (writers.get() != 0) {
                            violations.incrementAndGet();
                        }
                    },
                    g -> readers.decrementAndGet());
        });
        long writes = tallies.get(0).acquired() + tallies.get(2).acquired();
        assertEquals(0, violations.get(), "a writer overlapped another holder");
        RwLockWriteGuard<Counter> w = l.tryWrite().orElseThrow(() -> new AssertionError("permits leaked"));
        assertEquals(writes, w.get().value);
        w.close();
    }

    // ------------------------------------------------------------------ OnceCell

    @Test
    void onceCellRunsOneInitialiserForManyTasks() {
        OnceCell<String> cell = new OnceCell<>();
        AtomicInteger runs = new AtomicInteger();
        List<String> values = runAll(50, i -> cell.getOrInit(() -> {
            runs.incrementAndGet();
            return repeat(5, Task::yieldNow).map(x -> "v" + i);
        }));
        assertEquals(1, runs.get());
        assertEquals(50, values.stream().filter(values.get(0)::equals).count());
        assertEquals(Optional.of(values.get(0)), cell.get());
    }

    @Test
    void onceCellInitialiserOfAnAbortedTaskIsTakenOverByTheNextWaiter() {
        OnceCell<String> cell = new OnceCell<>();
        Gate started = new Gate();
        Tracked<String> stuck = Tracked.pending();
        JoinHandle<String> first = rt.spawn(cell.getOrInit(() -> {
            started.open();
            return stuck;
        }));
        rt.blockOn(started.future());
        JoinHandle<String> second = rt.spawn(cell.getOrInit(() -> Future.ready("second")));
        first.abort();
        assertEquals("second", rt.blockOn(second));
        rt.blockOn(stuck.cancelled.future());
        assertEquals(1, stuck.cancels());
        assertEquals(Optional.of("second"), cell.get());
    }

    // ------------------------------------------------------------------ Barrier

    @Test
    void barrierReleasesEachRoundWithExactlyOneLeader() {
        int parties = 5;
        int rounds = 20;
        Barrier b = new Barrier(parties);
        AtomicInteger leaders = new AtomicInteger();
        AtomicInteger arrivedInRound = new AtomicInteger();
        AtomicInteger early = new AtomicInteger();
        runAll(parties, i -> {
            int[] round = {0};
            return repeat(rounds, () -> {
                arrivedInRound.incrementAndGet();
                return b.waitFor().map(leader -> {
                    if (leader) {
                        leaders.incrementAndGet();
                    }
                    // released only once every party has arrived for this round
                    if (arrivedInRound.get() < ++round[0] * parties) {
                        early.incrementAndGet();
                    }
                    return null;
                });
            });
        });
        assertEquals(rounds, leaders.get());
        assertEquals(parties * rounds, arrivedInRound.get());
        assertEquals(0, early.get());
    }

    // ------------------------------------------------------------------ budget

    @Test
    void uncontendedLockingInOnePollYieldsWhenTheBudgetIsSpent() {
        Mutex<Counter> m = new Mutex<>(new Counter());
        AtomicInteger firstPollLocks = new AtomicInteger(-1);
        Future<Integer> greedy = new Future<>() {
            int polls;

            @Override
            public Poll<Integer> poll(Context cx) {
                polls++;
                int n = 0;
                for (;;) {
                    Poll<MutexGuard<Counter>> p = m.lock().poll(cx);
                    if (!(p instanceof Poll.Ready<MutexGuard<Counter>> r)) {
                        break;
                    }
                    r.value().close();
                    n++;
                }
                if (polls == 1) {
                    firstPollLocks.set(n);
                    return Poll.pending(); // the budget's wake brings it back
                }
                return Poll.ready(polls);
            }
        };
        assertEquals(2, rt.blockOn(rt.spawn(greedy)));
        assertEquals(Coop.BUDGET, firstPollLocks.get());
        assertFalse(m.isLocked());
    }
}
