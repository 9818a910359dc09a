package dev.spindle.runtime.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds task failures that nobody will ever read (§3.4): the task failed and its handle was
 * dropped without being awaited. Only those go to the runtime's unhandled-exception policy, so
 * a failure that its spawner reads later is never misreported.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>A task's handle is the task object itself, and a completed task is referenced by nothing
 * of the runtime's: once the user drops every reference to the handle, the task becomes
 * unreachable. At failure, the runtime registers a {@link PhantomReference} to the task that
 * holds the stored {@link RawTask.Failure} (not the task); reading the outcome through the
 * handle marks that failure observed. When the collector enqueues the reference, a failure
 * still unobserved is reported. {@link #poll} drains the queue; the scheduler calls it on its
 * maintenance tick and before parking, so a report may come some time after the handle was
 * dropped — whenever the collector notices. The references are kept in {@link #pending} until
 * enqueued, since an unreachable reference object is never enqueued.
 */
final class UnobservedFailures {
    private final ReferenceQueue<RawTask<?>> queue = new ReferenceQueue<>();
    private final Set<Ref> pending = ConcurrentHashMap.newKeySet();

    private static final class Ref extends PhantomReference<RawTask<?>> {
        final long taskId;
        final String taskName;
        final RawTask.Failure failure;

        Ref(RawTask<?> task, RawTask.Failure failure, ReferenceQueue<RawTask<?>> q) {
            super(task, q);
            this.taskId = task.id();
            this.taskName = task.name();
            this.failure = failure;
        }
    }

    void track(RawTask<?> task, RawTask.Failure failure) {
        pending.add(new Ref(task, failure, queue));
    }

    /** Reports every dropped, unread failure found so far. Cheap when there is none. */
    void poll(RuntimeCore rt) {
        Reference<? extends RawTask<?>> r;
        while ((r = queue.poll()) != null) {
            Ref ref = (Ref) r;
            pending.remove(ref);
            if (!ref.failure.isObserved()) {
                rt.reportUnhandled(ref.taskId, ref.taskName, ref.failure.cause());
            }
        }
    }
}
