package dev.spindle.runtime.internal;

import dev.spindle.Context;
import java.nio.channels.SelectionKey;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The readiness protocol of {@link IoRegistration} — a task's read racing the arrival of data
 * and the driver's dispatch — checked for lost wakeups.
 *
 * <p>The kernel is an integer of bytes available; {@link #arrive()} adds one. The driver is
 * {@link #select()}: like a level-triggered selector it reports the side ({@code onReady}) only
 * while read interest is armed and bytes are available. The task is {@link #read()}: the real
 * operation's loop (ask readiness, attempt, clear readiness on "would block", ask again),
 * {@link #drain()} (a short read: it takes every byte and clears readiness on that hint) and
 * {@link #cancelRead()} (a cancelled future). {@link #write()} is a write from another task,
 * which clears the read side on its hint at any moment. One task reads and one driver selects
 * at a time, as in the runtime.
 *
 * <p>The invariant, checked after every scenario: a read left pending, not woken since and not
 * cancelled, can still be woken — its waker is stored and read interest is armed, so the next
 * arrival (or the bytes already there) makes the driver wake it — and readiness was not
 * delivered past it (the side is not marked ready while its waiter sleeps).
 */
public class IoRegistrationLincheckTest extends AbstractLincheckTest {
    private final IoRegistration reg = new IoRegistration();
    private final CountingWaker waker = new CountingWaker();
    private final Context cx = Context.of(waker);
    private final java.util.concurrent.atomic.AtomicInteger available = new java.util.concurrent.atomic.AtomicInteger();
    // Written by the reader group only.
    private volatile boolean pending;
    private volatile int wakesWhenPending;

    @Operation
    public void arrive() {
        available.incrementAndGet();
    }

    @Operation(nonParallelGroup = "driver")
    public void select() {
        if ((reg.interest() & SelectionKey.OP_READ) != 0 && available.get() > 0) {
            reg.onReady(SelectionKey.OP_READ);
        }
    }

    @Operation(nonParallelGroup = "reader")
    public void read() {
        while (true) {
            int wakesBefore = waker.wakes(); // a wake after this point counts for this wait
            if (!reg.pollReady(SelectionKey.OP_READ, cx)) {
                wakesWhenPending = wakesBefore;
                pending = true;
                return;
            }
            int n = available.get();
            if (n > 0 && available.compareAndSet(n, n - 1)) {
                pending = false;
                return;
            }
            if (n == 0) {
                reg.clearReady(SelectionKey.OP_READ);
            }
        }
    }

    @Operation(nonParallelGroup = "reader")
    public void drain() {
        while (true) {
            int wakesBefore = waker.wakes();
            if (!reg.pollReady(SelectionKey.OP_READ, cx)) {
                wakesWhenPending = wakesBefore;
                pending = true;
                return;
            }
            int n = available.getAndSet(0);
            if (n > 0) {
                reg.clearReady(SelectionKey.OP_READ); // fewer bytes than the buffer holds: the kernel ran dry
                pending = false;
                return;
            }
            reg.clearReady(SelectionKey.OP_READ);
        }
    }

    /** A successful write on the same socket, from another task: it clears the read side as a hint. */
    @Operation(nonParallelGroup = "writer")
    public void write() {
        reg.clearReady(SelectionKey.OP_READ);
    }

    @Operation(nonParallelGroup = "reader")
    public void cancelRead() {
        reg.dropInterest(SelectionKey.OP_READ);
        pending = false;
    }

    @Validate
    public void noLostWakeup() {
        if (pending && waker.wakes() == wakesWhenPending) {
            if (!reg.hasWaiter(SelectionKey.OP_READ) || (reg.interest() & SelectionKey.OP_READ) == 0
                    || reg.isReady(SelectionKey.OP_READ)) {
                throw new IllegalStateException("a pending read was not woken and may never be: waiter="
                        + reg.hasWaiter(SelectionKey.OP_READ) + " interest=" + reg.interest()
                        + " ready=" + reg.isReady(SelectionKey.OP_READ));
            }
        }
    }

    /**
     * Whether a read finds the byte depends on the race, so the operations return nothing and
     * only {@link #noLostWakeup()} constrains the runs.
     */
    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        Class<?> t = IoRegistrationLincheckTest.class;
        return o.actorsPerThread(3)
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("read()", "read()").thread("arrive()", "select()").thread("select()", "arrive()")
                        .post("select()").build())
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("read()", "cancelRead()", "read()").thread("arrive()", "select()", "select()")
                        .post("select()").build())
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("drain()", "read()").thread("arrive()", "write()", "select()")
                        .thread("select()", "arrive()").post("select()").build())
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("read()", "drain()").thread("write()", "select()", "select()")
                        .thread("arrive()", "arrive()").post("select()").build());
    }
}
