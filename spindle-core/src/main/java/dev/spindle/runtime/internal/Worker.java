package dev.spindle.runtime.internal;


/**
 * One worker of the multi-thread scheduler: its thread, its run queue, its LIFO slot, and the
 * loop that runs tasks, steals, maintains the driver and parks.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Where tasks come from</b> each tick: every {@code globalQueueInterval} ticks the
 * global queue first (so remote spawns cannot starve behind a busy local queue); otherwise the
 * LIFO slot, then the local queue, then a batch from the global queue. With nothing local, the
 * worker becomes a searcher (if fewer than half are) and steals half of a random victim's queue;
 * with nothing anywhere it parks.
 *
 * <p><b>LIFO slot.</b> A task woken by the running task (a message handed to a receiver, a child
 * just spawned) goes into the LIFO slot and runs next, while its data is hot in cache. The slot
 * is not stealable, so a task sitting there while the worker is busy would wait; to bound that,
 * at most {@value #MAX_LIFO_POLLS} LIFO tasks run in a row, after which the slot's task moves
 * to the back of the local queue.
 *
 * <p><b>Searching.</b> A worker that finds work after searching stops searching; if it was the
 * last searcher it wakes another parked worker, so work that arrives in bursts spreads without
 * a thundering herd (at most half the workers search at once; see {@link Idle}).
 *
 * <p><b>Maintenance.</b> Every {@code eventInterval} ticks the worker polls the driver without
 * waiting (if no other thread holds it), so timers and I/O progress even when no worker ever
 * runs out of work.
 *
 * <p><b>Long-poll watchdog.</b> As a {@link PollSite}, the worker publishes the number of polls
 * it started and the task it polls; the watchdog reports a poll whose number has not moved for
 * longer than the threshold.
 */
final class Worker extends PollSite implements Runnable {
    static final int MAX_LIFO_POLLS = 3;

    final MultiThreadScheduler sched;
    final int index;
    final LocalQueue<RawTask<?>> queue = new LocalQueue<>();
    final Parker parker = new Parker();
    RuntimeThread thread;
    private RawTask<?> lifoSlot;
    /** Ticks left until the next maintenance; counts down (a modulo per tick costs a division). */
    private int ticksToMaintenance;
    /** Ticks left until the global queue is checked first. */
    private int ticksToGlobalFirst;
    private boolean searching;
    /** True while this worker's thread runs a task: wakes then go to the LIFO slot / local queue. */
    boolean inTask;
    /** True while this worker's thread drives the I/O and timer driver: wakes go to its queue. */
    boolean drivingIo;

    // Counters: written by this worker only, read racily for metrics.
    long polls;
    long spawned;
    long steals;
    long parks;

    Worker(MultiThreadScheduler sched, int index) {
        this.sched = sched;
        this.index = index;
    }

    @Override
    public void run() {
        ThreadContext tc = thread.context;
        tc.runtime = sched;
        tc.worker = this;
        if (sched.config.rngSeed != null) {
            tc.rng.reseed(sched.config.rngSeed * 31 + index);
        }
        parker.bind(thread);
        super.thread = thread;
        sched.onThreadStart();
        try {
            loop(tc);
        } finally {
            cancelQueued(); // a task queued here after the closer's pass (a stuck poll's task)
            sched.onThreadStop();
            sched.workerExited();
        }
    }

    private void loop(ThreadContext tc) {
        final int eventInterval = sched.config.eventInterval;
        ticksToMaintenance = eventInterval;
        ticksToGlobalFirst = sched.config.globalQueueInterval;
        while (!sched.isShutdownRequested()) {
            if (--ticksToMaintenance == 0) {
                ticksToMaintenance = eventInterval;
                maintenance();
                if (sched.isShutdownRequested()) {
                    return;
                }
            }
            RawTask<?> task = nextTask();
            if (task == null) {
                task = stealWork(tc);
            }
            if (task != null) {
                runTask(task, tc);
                continue;
            }
            park();
        }
    }

    private void maintenance() {
        sched.pollUnobservedFailures();
        Driver d = sched.driver;
        if (d.tryAcquire()) {
            drivingIo = true;
            try {
                d.park(true, sched.autoAdvanceCheck);
            } finally {
                drivingIo = false;
                d.release();
            }
            notifyIfSurplus();
        }
    }

    private RawTask<?> nextTask() {
        if (--ticksToGlobalFirst == 0) {
            ticksToGlobalFirst = sched.config.globalQueueInterval;
            RawTask<?> t = sched.inject.pop();
            if (t != null) {
                if (!queue.isEmpty()) {
                    sched.notifyParked(); // the local task that was to run next is surplus now
                }
                return t;
            }
        }
        RawTask<?> t = lifoSlot;
        if (t != null) {
            lifoSlot = null;
            return t;
        }
        t = queue.pop();
        if (t != null) {
            return t;
        }
        return takeFromGlobal();
    }

    private RawTask<?> takeFromGlobal() {
        InjectQueue<RawTask<?>> inject = sched.inject;
        if (inject.isEmpty()) {
            return null;
        }
        int n = Math.min(inject.len() / sched.workers.length + 1, Math.min(queue.remainingSlots(), LocalQueue.CAPACITY / 2));
        if (n <= 1) {
            return inject.pop();
        }
        inject.popInto(queue, n);
        return queue.pop();
    }

    private RawTask<?> stealWork(ThreadContext tc) {
        if (!searching) {
            if (!sched.idle.transitionWorkerToSearching()) {
                return null;
            }
            searching = true;
        }
        Worker[] all = sched.workers;
        int n = all.length;
        int start = n > 1 ? tc.rng.nextInt(n) : 0;
        for (int i = 0; i < n; i++) {
            Worker victim = all[(start + i) % n];
            if (victim == this) {
                continue;
            }
            RawTask<?> t = victim.queue.stealInto(queue);
            if (t != null) {
                steals++;
                return t;
            }
        }
        return takeFromGlobal();
    }

    private void runTask(RawTask<?> task, ThreadContext tc) {
        if (searching) {
            searching = false;
            if (sched.idle.transitionWorkerFromSearching()) {
                sched.notifyParked();
            }
        }
        inTask = true;
        pollOne(task, tc);
        for (int lifoPolls = 0; ; lifoPolls++) {
            RawTask<?> next = lifoSlot;
            if (next == null) {
                break;
            }
            lifoSlot = null;
            if (lifoPolls >= MAX_LIFO_POLLS) {
                pushBack(next);
                break;
            }
            pollOne(next, tc);
        }
        inTask = false;
    }

    private void pollOne(RawTask<?> task, ThreadContext tc) {
        beginPoll(task, ++polls);
        task.run(tc);
        endPoll();
    }

    /**
     * A wake on this worker's thread while it runs a task ({@code isYield == false}: the
     * current task keeps running), or the reschedule of a task woken during its own poll, which
     * has just returned ({@code isYield == true}: this worker is about to pick its next task).
     *
     * <p>Another worker is woken only when this push creates <em>surplus</em>: work queued here
     * that this worker cannot run next. While a task runs, every queued task is surplus, so the
     * push that makes the queue non-empty notifies; after a poll, the first queued task is what
     * this worker runs next, so the push that makes it two notifies. Later pushes do not: the
     * worker woken for the first surplus task keeps stealing until every queue is empty, and a
     * worker that parks re-checks every queue as the last searcher (see {@link Idle}). This
     * spares the full fence of {@link MultiThreadScheduler#notifyParked} on every yield and
     * every spawn of a busy worker, and stops a lone yielding task from waking a parked worker
     * to steal the one task this worker runs next anyway (FJP signals work the same way).
     */
    void scheduleLocal(RawTask<?> task, boolean isYield) {
        if (isYield || !sched.config.lifoSlot) {
            // After a poll the LIFO slot, if full, runs next; else the queue's first task does.
            int runsNext = isYield && lifoSlot == null ? 1 : 0;
            int before = queue.len();
            pushBack(task);
            if (before == runsNext) {
                sched.notifyParked();
            }
            return;
        }
        RawTask<?> prev = lifoSlot;
        lifoSlot = task;
        if (prev == null) {
            return; // runs right after the current task; nobody else needs waking for it
        }
        int before = queue.len();
        pushBack(prev);
        if (before == 0) {
            sched.notifyParked();
        }
    }

    private void pushBack(RawTask<?> task) {
        if (!queue.pushBack(task, sched.inject)) {
            task.runCancelled(); // the global queue is closed: the runtime is shutting down
        }
    }

    private void park() {
        sched.pollUnobservedFailures();
        boolean wasLastSearcher = sched.idle.transitionWorkerToParked(index, searching);
        searching = false;
        if (wasLastSearcher) {
            sched.notifyIfWorkPending();
        }
        sched.maybeKickPausedClock();
        parks++;
        if (sched.isShutdownRequested()) {
            return;
        }
        drivingIo = true; // only the driver path of the park dispatches events on this thread
        try {
            parker.park(sched);
        } finally {
            drivingIo = false;
        }
        if (sched.isShutdownRequested()) {
            return;
        }
        if (sched.idle.unparkWorkerIfParked(index)) {
            notifyIfSurplus(); // woke by itself: look for work, not as a searcher
            return;
        }
        searching = true; // picked by a notifier, which counted us as searching
    }

    /**
     * A wake while this thread drives the driver (a socket became ready, a timer fired): the
     * task goes to this worker's queue, which it runs as soon as the driver returns, instead of
     * through the global queue and a notification that might pick this very worker (as Tokio
     * does). Nobody is notified now: {@link #notifyIfSurplus} does that once the driver returns,
     * if the events left more work than this worker runs next.
     */
    void scheduleFromDriver(RawTask<?> task) {
        pushBack(task);
    }

    /** After driving the driver: wakes a parked worker to help if more than one task is queued here. */
    private void notifyIfSurplus() {
        if (queue.len() > 1) {
            sched.notifyParked();
        }
    }

    /**
     * Cancels every task left in the LIFO slot and the local queue at shutdown. Called by this
     * worker as it exits, or by the closer once the thread has died; never both at once, since
     * the queue has one consumer. runCancelled is a CAS, so a task the closer also reaches
     * through the owned list is cancelled once.
     */
    void cancelQueued() {
        RawTask<?> t = lifoSlot;
        lifoSlot = null;
        if (t != null) {
            t.runCancelled();
        }
        while ((t = queue.pop()) != null) {
            t.runCancelled();
        }
    }

}
