package dev.spindle.runtime.internal;

import dev.spindle.runtime.LongPoll;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Reports polls that run longer than the long-poll threshold (§3.6), naming the task and
 * showing the worker's stack, so that blocking code on a worker is found instead of felt.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>A daemon thread wakes every quarter threshold and reads each poll site's (worker's) poll
 * sequence number and running task (acquire loads; the worker publishes them with release stores before
 * each poll, see {@link Worker}). A worker whose sequence number has not changed since the
 * first sample that saw it running, for at least the threshold, is in one long poll: it is
 * reported once per poll. Sampling costs the workers nothing but two plain stores per poll,
 * which is why this is not done with timestamps on the hot path. The stack is taken with
 * {@link Thread#getStackTrace()} while the poll is still running.
 */
final class Watchdog implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.spindle.runtime");

    private final RuntimeCore sched;
    private final PollSite[] sites;
    private final long thresholdNanos;
    private final Thread thread;
    private volatile boolean stopped;

    private Watchdog(RuntimeCore sched, PollSite[] sites) {
        this.sched = sched;
        this.sites = sites;
        this.thresholdNanos = sched.config.longPollThreshold.toNanos();
        this.thread = new Thread(this, "spindle-watchdog");
        thread.setDaemon(true);
    }

    static Watchdog start(RuntimeCore sched, PollSite... sites) {
        Watchdog w = new Watchdog(sched, sites);
        w.thread.start();
        return w;
    }

    /** Stops the thread and waits for it to exit (it only ever sleeps between samples). */
    void stop(long deadlineNanos) {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(java.time.Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        PollSite[] workers = sites;
        long[] seenSeq = new long[workers.length];
        long[] seenSince = new long[workers.length];
        boolean[] reported = new boolean[workers.length];
        long period = Math.max(1_000_000L, thresholdNanos / 4);
        while (!stopped) {
            LockSupport.parkNanos(this, period);
            sched.pollUnobservedFailures(); // so that reports do not wait for a worker to wake
            long now = System.nanoTime();
            for (int i = 0; i < workers.length; i++) {
                PollSite w = workers[i];
                RawTask<?> running = w.runningTaskAcquire();
                long seq = w.pollSeqAcquire();
                if (running == null || seq != seenSeq[i]) {
                    seenSeq[i] = seq;
                    seenSince[i] = now;
                    reported[i] = false;
                    continue;
                }
                long elapsed = now - seenSince[i];
                if (!reported[i] && elapsed >= thresholdNanos) {
                    reported[i] = true;
                    report(w, running, elapsed);
                }
            }
        }
    }

    private void report(PollSite site, RawTask<?> task, long elapsedNanos) {
        Thread t = site.thread;
        if (t == null) {
            return;
        }
        sched.metrics.longPolls.increment();
        List<StackTraceElement> stack = Arrays.asList(t.getStackTrace());
        LongPoll report = new LongPoll(task.id(), task.name(), t.getName(), Duration.ofNanos(elapsedNanos), stack);
        var handler = sched.config.longPollHandler;
        if (handler != null) {
            try {
                handler.accept(report);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "long-poll handler failed", e);
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, report.toString());
        }
    }
}
