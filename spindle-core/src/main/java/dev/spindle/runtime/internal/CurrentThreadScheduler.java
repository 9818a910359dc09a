package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.RuntimeClosedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current-thread runtime: every task runs on the thread that calls {@link #blockOn}, with
 * the same tasks, driver and timers as the multi-thread runtime and no worker threads at all.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>The core.</b> {@link #coreLock} makes one thread at a time the driver of the runtime:
 * it owns {@link #local} (a plain deque, touched only by that thread) and the {@link Driver}.
 * Wakes on that thread push to {@code local}; wakes from any other thread push to
 * {@link #inject} and wake the driver if it is parked. Tasks spawned or woken while no thread
 * is in {@code blockOn} wait in the queues until one is (as in Tokio).
 *
 * <p><b>The loop</b> ({@link #drive}): poll the main future when its waker fired; run up to
 * {@code eventInterval} tasks (the global queue first every {@code globalQueueInterval} ticks);
 * then poll the driver without waiting if the batch was full, or park in the driver until the
 * next timer if nothing is runnable.
 *
 * <p><b>Lost wakeups.</b> {@link #driverParked} is set before the loop re-checks the queues and
 * parks; a remote waker pushes to the injection queue and then reads the flag. Both are volatile,
 * so either the driver sees the task or the waker sees the flag and calls
 * {@link Driver#unpark()}, whose wakeup is remembered by the selector until the next select.
 */
public final class CurrentThreadScheduler extends RuntimeCore {
    private final ReentrantLock coreLock = new ReentrantLock();
    private final ArrayDeque<RawTask<?>> local = new ArrayDeque<>();
    /**
     * Tasks woken during their own poll (yields): they run after everything else that is
     * runnable, local or remote, as Tokio's current-thread scheduler defers them.
     */
    private final ArrayDeque<RawTask<?>> deferred = new ArrayDeque<>();
    final InjectQueue<RawTask<?>> inject = new InjectQueue<>();
    private volatile boolean driverParked;
    private volatile Thread coreOwner;
    /** Ticks left until the global queue is checked first; counts down (a modulo costs a division). */
    private int ticksToGlobalFirst;
    private long polls;
    /** Spawns by the driving thread; others count in {@code metrics.remoteSpawns}. */
    private long localSpawns;
    /** The driving thread as the long-poll watchdog sees it. */
    private final PollSite site = new PollSite();
    private final Watchdog watchdog;
    /** Set when close()'s drain swallowed an interrupt, to restore it afterwards. */
    private boolean drainInterrupted;

    /**
     * Creates the runtime; it has no threads until a blocking task needs one.
     *
     * @param config the settings
     */
    public CurrentThreadScheduler(Config config) {
        super(config, 1);
        ticksToGlobalFirst = config.globalQueueInterval;
        watchdog = config.longPollThreshold != null ? Watchdog.start(this, site) : null;
    }

    @Override
    public void schedule(RawTask<?> task) {
        if (coreOwner == Thread.currentThread()) {
            local.addLast(task);
            return;
        }
        if (!inject.push(task)) {
            task.runCancelled();
            return;
        }
        if (driverParked) {
            driver.unpark();
        }
    }

    @Override
    public void reschedule(RawTask<?> task) {
        if (coreOwner == Thread.currentThread()) {
            deferred.addLast(task);
        } else {
            schedule(task);
        }
    }

    @Override
    boolean canAutoAdvance() {
        return local.isEmpty() && deferred.isEmpty() && inject.isEmpty() && !blocking.isBusy()
                && !blockOnPending();
    }

    /** A waker for the main future that marks it woken and unparks the driver. */
    private final class MainWaker implements Waker {
        final AtomicBoolean woken = new AtomicBoolean(true);

        @Override
        public void wake() {
            if (!woken.getAndSet(true) && coreOwner != Thread.currentThread() && driverParked) {
                driver.unpark();
            }
        }
    }

    @Override
    public <T> T blockOn(Future<T> future) {
        ThreadContext tc = ThreadContext.current();
        if (tc.inAsyncTask() || coreOwner == Thread.currentThread()) {
            throw new IllegalStateException("blockOn was called from inside a runtime task; blocking there "
                    + "would stall every task of this runtime. Use .await() in an @Async method, or Task.spawn");
        }
        if (lifecycle != RUNNING) {
            throw new RuntimeClosedException("cannot blockOn: the runtime is closed");
        }
        if (!coreLock.tryLock()) {
            // Another thread drives the runtime: wait for our own future like the multi-thread
            // blockOn does, taking the core over if it is released first.
            return BlockOn.run(this, future, tc);
        }
        RuntimeCore outer = tc.runtime;
        tc.runtime = this;
        seedCaller(tc);
        coreOwner = Thread.currentThread();
        site.thread = coreOwner;
        try {
            return drive(future, tc, Long.MAX_VALUE);
        } finally {
            coreOwner = null;
            tc.runtime = outer;
            coreLock.unlock();
        }
    }

    /**
     * Runs tasks until {@code main} completes ({@code main} may be null: until the deadline or
     * until no task is owned).
     */
    private <T> T drive(Future<T> main, ThreadContext tc, long deadlineNanos) {
        MainWaker mainWaker = new MainWaker();
        Context mainCx = Context.of(mainWaker);
        final int eventInterval = config.eventInterval;
        final int globalInterval = config.globalQueueInterval;
        for (;;) {
            if (main != null) {
                if (lifecycle != RUNNING) {
                    // close() started on another thread: hand the core over so that it can run
                    // the shutdown (cancelled tasks' cleanup runs on the thread holding the core).
                    main.cancel();
                    throw new RuntimeClosedException("the runtime was closed while blockOn waited");
                }
                if (Thread.currentThread().isInterrupted()) {
                    // As the multi-thread blockOn: an interrupt cancels the wait. (It must be
                    // checked here: Selector.select returns at once for an interrupted thread.)
                    main.cancel();
                    throw new dev.spindle.CancelledException("blockOn was interrupted; the future was cancelled");
                }
                if (mainWaker.woken.getAndSet(false)) {
                    Poll<T> p = BlockOn.pollOnce(this, main, mainCx, tc, true);
                    if (p instanceof Poll.Ready<T> r) {
                        return r.value();
                    }
                }
            } else if (owned.size() == 0 || System.nanoTime() - deadlineNanos >= 0) {
                return null;
            } else if (Thread.interrupted()) {
                // Shutdown drain: an interrupt must not turn the bounded wait into a spin;
                // close() restores the flag when it is done.
                drainInterrupted = true;
            }
            int ran = 0;
            while (ran < eventInterval) {
                RawTask<?> t;
                if (--ticksToGlobalFirst <= 0) {
                    ticksToGlobalFirst = globalInterval;
                    t = pollGlobalFirst();
                } else {
                    t = pollLocalFirst();
                }
                if (t == null) {
                    break;
                }
                site.beginPoll(t, ++polls);
                t.run(tc);
                site.endPoll();
                ran++;
                if (main != null && mainWaker.woken.get()) {
                    break;
                }
            }
            if (ran == eventInterval || (main != null && mainWaker.woken.get())) {
                pollUnobservedFailures();
                driver.park(true, autoAdvanceCheck);
                continue;
            }
            if (ran > 0) {
                continue;
            }
            pollUnobservedFailures();
            driverParked = true;
            try {
                if (!local.isEmpty() || !deferred.isEmpty() || !inject.isEmpty()
                        || (main != null && mainWaker.woken.get())) {
                    continue;
                }
                if (main == null) {
                    // Shutdown drain: never wait past the deadline for cleanup that does not finish.
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    driver.park(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), autoAdvanceCheck);
                } else {
                    driver.park(false, autoAdvanceCheck);
                }
            } finally {
                driverParked = false;
            }
        }
    }

    private RawTask<?> pollLocalFirst() {
        RawTask<?> t = local.pollFirst();
        if (t == null && (t = inject.pop()) == null) {
            t = deferred.pollFirst();
        }
        return t;
    }

    private RawTask<?> pollGlobalFirst() {
        RawTask<?> t = inject.pop();
        if (t == null && (t = local.pollFirst()) == null) {
            t = deferred.pollFirst();
        }
        return t;
    }

    @Override
    public void shutdown(Duration timeout) {
        ThreadContext tc = ThreadContext.current();
        if (coreOwner == Thread.currentThread() || tc.inAsyncTask()) {
            throw new IllegalStateException("a runtime cannot be closed from one of its own tasks; "
                    + "close it from the thread that built it");
        }
        boolean another;
        synchronized (this) {
            another = lifecycle != RUNNING;
            lifecycle = another ? lifecycle : CLOSING;
        }
        if (another) {
            awaitShutdown(timeout); // a close() is under way: return when it is done, not before
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        owned.close();
        for (RawTask<?> t : owned.snapshot()) {
            t.abort();
        }
        driver.unpark(); // a thread in blockOn holding the core sees CLOSING and gives it up
        boolean locked = false;
        try {
            locked = coreLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked) {
            RuntimeCore outer = tc.runtime;
            tc.runtime = this;
            coreOwner = Thread.currentThread();
            try {
                drive(null, tc, deadline);
            } finally {
                coreOwner = null;
                tc.runtime = outer;
                if (drainInterrupted) {
                    drainInterrupted = false;
                    Thread.currentThread().interrupt();
                }
            }
        }
        lifecycle = CLOSED;
        wakeBlockers();
        inject.close();
        try {
            if (locked) {
                local.clear();
                deferred.clear();
            }
            for (RawTask<?> t = inject.drainAll(); t != null; ) {
                RawTask<?> next = t.queueNext();
                t.setQueueNext(null);
                t.runCancelled();
                t = next;
            }
            for (RawTask<?> t : owned.snapshot()) {
                t.runCancelled();
            }
        } finally {
            if (locked) {
                coreLock.unlock();
            }
        }
        driver.unpark();
        pollUnobservedFailures();
        blocking.shutdown(deadline);
        if (watchdog != null) {
            watchdog.stop(deadline + 1_000_000_000L);
        }
        driver.close();
        shutdownDone.countDown();
    }

    @Override
    void countSpawn() {
        if (coreOwner == Thread.currentThread()) {
            localSpawns++;
        } else {
            metrics.remoteSpawns.increment();
        }
    }

    @Override
    public long spawnedCount() {
        return localSpawns + metrics.remoteSpawns.sum();
    }

    @Override
    public int workerCount() {
        return 1;
    }

    @Override
    public long workerCounter(int worker, int which) {
        return switch (which) {
            case 0 -> polls;
            case 1, 2 -> 0;
            case 3 -> local.size() + deferred.size();
            default -> throw new IllegalArgumentException("counter " + which);
        };
    }

    @Override
    public int globalQueueDepth() {
        return inject.len();
    }
}
