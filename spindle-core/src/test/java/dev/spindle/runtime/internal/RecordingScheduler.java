package dev.spindle.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TaskScheduler} that runs nothing: it records every {@link #schedule} and
 * {@link #reschedule} into one FIFO that a test drains by hand with {@link #take()}, and it
 * checks the protocol's promises about the calls it receives:
 * <ul>
 *   <li>a task is never in the queue twice (concurrent wakes schedule once);
 *   <li>a task handed over is NOTIFIED, not RUNNING and not COMPLETE (the state word says
 *       "queued" exactly when the task is in a queue).
 * </ul>
 * Broken promises are collected in {@link #violations()} rather than thrown, so that the
 * thread that broke one (a waker, the polling worker) carries on and the test reports them
 * all with the interleaving that led there.
 */
final class RecordingScheduler implements TaskScheduler {
    private final ArrayDeque<RawTask<?>> queue = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private int schedules;
    private int reschedules;

    @Override
    public void schedule(RawTask<?> task) {
        record(task, "schedule");
    }

    @Override
    public void reschedule(RawTask<?> task) {
        record(task, "reschedule");
    }

    private synchronized void record(RawTask<?> task, String how) {
        int s = task.stateBits();
        if ((s & RawTask.NOTIFIED) == 0 || (s & (RawTask.RUNNING | RawTask.COMPLETE)) != 0) {
            violations.add(how + " of a task whose state is " + bits(s));
        }
        for (RawTask<?> t : queue) {
            if (t == task) {
                violations.add(how + " of a task already queued (double schedule)");
            }
        }
        queue.addLast(task);
        if (how.equals("schedule")) {
            schedules++;
        } else {
            reschedules++;
        }
    }

    /** @return the oldest queued task, removed from the queue, or {@code null} */
    synchronized RawTask<?> take() {
        return queue.pollFirst();
    }

    /** @return whether {@code task} is in the queue */
    synchronized boolean contains(RawTask<?> task) {
        for (RawTask<?> t : queue) {
            if (t == task) {
                return true;
            }
        }
        return false;
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized int schedules() {
        return schedules;
    }

    synchronized int reschedules() {
        return reschedules;
    }

    synchronized List<String> violations() {
        return new ArrayList<>(violations);
    }

    @Override
    public RuntimeCore runtime() {
        return StubRuntime.INSTANCE;
    }

    /** @return the state word spelled out, e.g. {@code NOTIFIED|CANCELLED} */
    static String bits(int s) {
        StringBuilder b = new StringBuilder();
        if ((s & RawTask.NOTIFIED) != 0) {
            b.append("NOTIFIED|");
        }
        if ((s & RawTask.RUNNING) != 0) {
            b.append("RUNNING|");
        }
        if ((s & RawTask.COMPLETE) != 0) {
            b.append("COMPLETE|");
        }
        if ((s & RawTask.CANCELLED) != 0) {
            b.append("CANCELLED|");
        }
        return b.isEmpty() ? "IDLE" : b.substring(0, b.length() - 1);
    }
}
