package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.internal.Sneaky;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded, elastic pool that runs {@code spawnBlocking} work, so that blocking calls never
 * occupy a worker (§3.6).
 *
 * <h2>Implementation notes</h2>
 *
 * <p>One lock guards the FIFO of pending tasks and the thread counts. A submission wakes an idle
 * thread if there is one, else starts a thread while fewer than the maximum exist, else waits in
 * the queue. An idle thread exits after the keep-alive. Blocking tasks are ordinary
 * {@link RawTask}s whose future calls the work once, so join, abort (effective only before the
 * work starts, as in Tokio) and failure reporting are shared with the async tasks. While any
 * blocking task runs, a paused clock does not auto-advance: the task may be about to wake
 * something.
 */
final class BlockingPool implements TaskScheduler {
    private final RuntimeCore runtime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<RawTask<?>> queue = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private int idle;
    private int active;
    private boolean shutdown;

    BlockingPool(RuntimeCore runtime) {
        this.runtime = runtime;
    }

    @Override
    public RuntimeCore runtime() {
        return runtime;
    }

    @Override
    public void schedule(RawTask<?> task) {
        lock.lock();
        try {
            if (shutdown) {
                task.runCancelled();
                return;
            }
            queue.addLast(task);
            if (idle > 0) {
                available.signal();
            } else if (threads.size() < runtime.config.maxBlockingThreads) {
                RuntimeThread t = new RuntimeThread(this::threadLoop, runtime.nextThreadName("blocking"));
                t.context.runtime = runtime;
                threads.add(t);
                t.start();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void reschedule(RawTask<?> task) {
        schedule(task);
    }

    private void threadLoop() {
        RuntimeThread self = (RuntimeThread) Thread.currentThread();
        runtime.onThreadStart();
        long keepAlive = runtime.config.blockingKeepAlive.toNanos();
        try {
            for (;;) {
                RawTask<?> task;
                lock.lock();
                try {
                    long wait = keepAlive;
                    while ((task = queue.pollFirst()) == null) {
                        if (shutdown || wait <= 0) {
                            threads.remove(self);
                            return;
                        }
                        idle++;
                        try {
                            wait = available.awaitNanos(wait);
                        } catch (InterruptedException e) {
                            wait = 0; // interrupted idle thread: exit like a keep-alive expiry
                        } finally {
                            idle--;
                        }
                    }
                    active++;
                } finally {
                    lock.unlock();
                }
                try {
                    task.run(self.context);
                } finally {
                    Thread.interrupted(); // work that was interrupted must not leak the flag to the next
                    lock.lock();
                    try {
                        active--;
                    } finally {
                        lock.unlock();
                    }
                    runtime.maybeKickPausedClock();
                }
            }
        } finally {
            runtime.onThreadStop();
        }
    }

    int threadCount() {
        lock.lock();
        try {
            return threads.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isBusy() {
        lock.lock();
        try {
            return active > 0 || !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new work, cancels what has not started, and waits for running work until the
     * deadline.
     *
     * @param deadlineNanos on the {@link System#nanoTime()} scale
     * @return {@code true} if every blocking thread exited in time
     */
    boolean shutdown(long deadlineNanos) {
        List<RawTask<?>> pending;
        List<Thread> toJoin;
        lock.lock();
        try {
            shutdown = true;
            pending = new ArrayList<>(queue);
            queue.clear();
            available.signalAll();
            toJoin = new ArrayList<>(threads);
        } finally {
            lock.unlock();
        }
        for (RawTask<?> t : pending) {
            t.runCancelled();
        }
        boolean all = true;
        for (Thread t : toJoin) {
            long left = deadlineNanos - System.nanoTime();
            try {
                if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                    all = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    /** The future of a blocking task: calls the work at its only poll. */
    static final class CallFuture<T> implements Future<T> {
        private final Callable<T> work;

        CallFuture(Callable<T> work) {
            this.work = work;
        }

        @Override
        public Poll<T> poll(Context cx) {
            try {
                return Poll.ready(work.call());
            } catch (Exception e) {
                throw Sneaky.raise(e);
            }
        }

        @Override
        public String toString() {
            return "blocking(" + work + ")";
        }
    }

    static final long NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);
}
