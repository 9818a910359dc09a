package dev.spindle.bench.workloads;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.Countdown;
import dev.spindle.bench.support.Memory;
import dev.spindle.bench.support.Oneshot;
import dev.spindle.channel.OneshotReceiver;
import dev.spindle.channel.OneshotSender;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * idle_memory: 1,000,000 tasks each awaiting a oneshot that is completed only at the end.
 * The figure ("op") is bytes per task:
 * <ul>
 *   <li>{@code heap_bytes_per_task}: heap in use after a full GC while all tasks are pending,
 *       minus the same before spawning, divided by the number of tasks (median of the counted
 *       runs);
 *   <li>{@code rss_bytes_per_task_first_run}: the same difference of {@code VmRSS}, from the
 *       first run in the JVM only (later runs reuse heap pages the first one touched).
 * </ul>
 * The time of a run (and so ns_per_op) is spawning until all are pending plus completing until
 * all are done; the memory measurement between the two is not timed. Checks that every task
 * resumed.
 *
 * <p>What counts: everything the pending tasks retain — the task itself, its body, the oneshot
 * it waits on and the registration of its wakeup. The harness's array that holds each task's
 * oneshot (or latch, or source stage) so that it can be completed at the end is allocated
 * before the first measurement, so its slots are not counted, on any peer.
 * <ul>
 *   <li>{@code spindle-mt} / {@code spindle-ct}: {@code runtime.spawn(idle(receiver, ...))}, an
 *       {@code @Async} method awaiting the receiver of a real {@code dev.spindle.channel.Oneshot}
 *       (its state machine, the task, the channel's receiver — which holds its state — and
 *       sender count);
 *       handles are dropped. The task reports "pending" just before its await, so the last
 *       waker registration may be a few instructions behind the measurement.
 *   <li>{@code spindle-mt-hand} / {@code spindle-ct-hand}:
 *       {@code runtime.spawn(new IdleTask(oneshot))}; the task's body is 24 bytes and the bench's
 *       own {@link Oneshot} another 24 (compressed oops); handles are dropped.
 *   <li>vt: a virtual thread blocked in {@code CountDownLatch.await()} on its own
 *       {@code CountDownLatch(1)} (the idiomatic blocking one-shot signal); "pending" is every
 *       thread in state {@code WAITING}.
 *   <li>cf: no task exists while waiting, only a dependent stage:
 *       {@code source.thenRunAsync(body, pool)} on a fresh {@code CompletableFuture} per task
 *       (the source is the oneshot).
 * </ul>
 */
public final class IdleMemory implements Workload {
    static final int TASKS = 1_000_000;

    @Override
    public String name() {
        return "idle_memory";
    }

    @Override
    public long ops() {
        return TASKS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindleAsync(peer);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    /** Heap and RSS before spawning, to subtract from the readings while all are pending. */
    private record Baseline(long heap, long rss) {
        static Baseline take() {
            long heap = Memory.heapUsedAfterGc();
            return new Baseline(heap, Memory.rssBytes());
        }

        /** @return the per-task extras, read now (all tasks pending) */
        Map<String, Double> perTask() {
            long heapNow = Memory.heapUsedAfterGc();
            long rssNow = Memory.rssBytes();
            return Map.of(
                    "heap_bytes_per_task", (double) (heapNow - heap) / TASKS,
                    "rss_bytes_per_task" + RunResult.FIRST_RUN_SUFFIX, (double) (rssNow - rss) / TASKS);
        }
    }

    /**
     * Measures memory while all tasks are pending (untimed), then times {@code finish}, which
     * completes every oneshot, waits for every task and checks that all resumed.
     *
     * @param before the reading before spawning
     * @param spawnNanos the timed spawning, until all were pending
     * @param finish the second timed part
     * @return the run's result
     */
    private static RunResult measure(Baseline before, long spawnNanos, Finisher finish) throws Exception {
        Map<String, Double> extras = before.perTask();
        long t2 = System.nanoTime();
        finish.run();
        long t3 = System.nanoTime();
        return new RunResult(spawnNanos + (t3 - t2), extras);
    }

    @FunctionalInterface
    private interface Finisher {
        void run() throws Exception;
    }

    // ---- Spindle ----

    /**
     * The {@code @Async} peer: each task is {@link #idle}, awaiting the receiver of a real
     * {@link dev.spindle.channel.Oneshot}; the harness keeps the senders (allocated per task
     * after the baseline, so they count, as the oneshot does on the other peers).
     *
     * <p>The channels are created first and the tasks spawned after, with one more (untimed)
     * heap reading in between, so that the line also says how much of {@code heap_bytes_per_task}
     * is the channel: {@code channel_bytes_per_task} (the receiver, which holds the oneshot's
     * state, and the sender); the rest is the task, its state machine and its waker
     * registration. Both loops are timed.
     */
    private static final class OnSpindleAsync extends SpindleTrial {
        OnSpindleAsync(Peer peer) {
            super(peer);
        }

        @Override
        public RunResult run() throws Exception {
            @SuppressWarnings({"unchecked", "rawtypes"})
            OneshotSender<Boolean>[] senders = new OneshotSender[TASKS];
            @SuppressWarnings({"unchecked", "rawtypes"})
            OneshotReceiver<Boolean>[] receivers = new OneshotReceiver[TASKS];
            Countdown parked = new Countdown(TASKS);
            Countdown resumed = new Countdown(TASKS);
            Baseline before = Baseline.take();
            long t0 = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                dev.spindle.channel.Oneshot<Boolean> ch = dev.spindle.channel.Oneshot.channel();
                senders[i] = ch.sender();
                receivers[i] = ch.receiver();
            }
            long t1 = System.nanoTime();
            double channelBytes = (double) (Memory.heapUsedAfterGc() - before.heap()) / TASKS;
            long t2 = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                rt.spawn(idle(receivers[i], parked, resumed));
                receivers[i] = null; // from now on only the task holds it
            }
            rt.blockOn(parked);
            long t3 = System.nanoTime();
            RunResult r = measure(before, (t1 - t0) + (t3 - t2), () -> {
                for (OneshotSender<Boolean> tx : senders) {
                    tx.send(Boolean.TRUE);
                }
                rt.blockOn(resumed);
                BenchFailure.checkEquals("tasks resumed", 0, resumed.remaining());
            });
            Map<String, Double> extras = new HashMap<>(r.extras());
            extras.put("channel_bytes_per_task", channelBytes);
            return new RunResult(r.nanos(), extras);
        }

        /**
         * Reports itself to {@code parked} on its first poll, then suspends on {@code rx} until
         * the end. The same state as the hand-written {@link IdleTask}: its machine has a field
         * for each parameter (the transformer keeps only {@code resumed} across the await and
         * clears the others) plus its state and the awaited future — 32 bytes.
         */
        @Async
        private static Future<Void> idle(OneshotReceiver<Boolean> rx, Countdown parked, Countdown resumed) {
            parked.countDown();
            if (!rx.await()) {
                throw new BenchFailure("a task received false");
            }
            resumed.countDown();
            return Future.ready(null);
        }
    }

    private static final class OnSpindle extends SpindleTrial {
        OnSpindle(Peer peer) {
            super(peer);
        }

        @Override
        public RunResult run() throws Exception {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Oneshot<Void>[] shots = new Oneshot[TASKS];
            Countdown parked = new Countdown(TASKS);
            Countdown resumed = new Countdown(TASKS);
            Baseline before = Baseline.take();
            long t0 = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                Oneshot<Void> shot = new Oneshot<>();
                shots[i] = shot;
                rt.spawn(new IdleTask(shot, parked, resumed));
            }
            rt.blockOn(parked);
            long t1 = System.nanoTime();
            return measure(before, t1 - t0, () -> {
                for (Oneshot<Void> shot : shots) {
                    shot.complete(null);
                }
                rt.blockOn(resumed);
                BenchFailure.checkEquals("tasks resumed", 0, resumed.remaining());
            });
        }
    }

    /**
     * Awaits its oneshot. 12-byte header + 3 compressed references = 24 bytes. The first poll
     * reports "pending" to {@code parked} and drops it.
     */
    private static final class IdleTask implements Future<Void> {
        private final Oneshot<Void> shot;
        private final Countdown resumed;
        private Countdown parked;

        IdleTask(Oneshot<Void> shot, Countdown parked, Countdown resumed) {
            this.shot = shot;
            this.parked = parked;
            this.resumed = resumed;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            Poll<Void> p = shot.poll(cx);
            if (parked != null) {
                parked.countDown();
                parked = null;
            }
            if (!p.isReady()) {
                return p;
            }
            resumed.countDown();
            return p;
        }
    }

    // ---- virtual threads ----

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            CountDownLatch[] latches = new CountDownLatch[TASKS];
            Thread[] threads = new Thread[TASKS];
            AtomicLong resumed = new AtomicLong();
            Baseline before = Baseline.take();
            long t0 = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                CountDownLatch latch = new CountDownLatch(1);
                latches[i] = latch;
                threads[i] = Thread.startVirtualThread(() -> {
                    try {
                        latch.await();
                        resumed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (Thread t : threads) {
                awaitWaiting(t);
            }
            long t1 = System.nanoTime();
            return measure(before, t1 - t0, () -> {
                for (CountDownLatch latch : latches) {
                    latch.countDown();
                }
                for (Thread t : threads) {
                    t.join();
                }
                BenchFailure.checkEquals("threads resumed", TASKS, resumed.get());
            });
        }

        private static void awaitWaiting(Thread t) {
            for (;;) {
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING) {
                    return;
                }
                if (s == Thread.State.TERMINATED) {
                    throw new BenchFailure("a virtual thread ended before its latch was released");
                }
                LockSupport.parkNanos(50_000);
            }
        }

        @Override
        public void close() {
        }
    }

    // ---- CompletableFuture ----

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() throws Exception {
            @SuppressWarnings({"unchecked", "rawtypes"})
            CompletableFuture<Void>[] sources = new CompletableFuture[TASKS];
            AtomicLong remaining = new AtomicLong(TASKS);
            CompletableFuture<Void> allResumed = new CompletableFuture<>();
            Baseline before = Baseline.take();
            long t0 = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                CompletableFuture<Void> source = new CompletableFuture<>();
                sources[i] = source;
                source.thenRunAsync(() -> {
                    if (remaining.decrementAndGet() == 0) {
                        allResumed.complete(null);
                    }
                }, pool);
            }
            long t1 = System.nanoTime();
            return measure(before, t1 - t0, () -> {
                for (CompletableFuture<Void> source : sources) {
                    source.complete(null);
                }
                allResumed.join();
                BenchFailure.checkEquals("stages resumed", 0, remaining.get());
            });
        }
    }
}
