package dev.spindle.sync.internal;

import dev.spindle.Future;
import dev.spindle.sync.SlotLincheckTest;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The batch semaphore's queue under concurrent acquire, poll, cancel, release, tryAcquire and
 * close, checked against {@link BatchSemaphoreModel}: FIFO hand-off (partial for the head),
 * no barging past a waiter, cancellation passing on what a waiter was handed, close returning
 * partial permits. Each of the two waiter slots is driven by one thread (its own task); the
 * third thread releases, tries and closes.
 */
@Param(name = "n", gen = IntGen.class, conf = "0:3")
public class BatchSemaphoreLincheckTest extends SlotLincheckTest<AutoCloseable> {
    static final int INITIAL = 2;

    private final BatchSemaphore sem = new BatchSemaphore(INITIAL);

    @Operation(nonParallelGroup = "w0")
    public int acquire0(@Param(name = "n") int n) {
        return s0.start(() -> acquire(n));
    }

    @Operation(nonParallelGroup = "w1")
    public int acquire1(@Param(name = "n") int n) {
        return s1.start(() -> acquire(n));
    }

    /** An acquire whose result gives the permits back when closed. */
    private Future<AutoCloseable> acquire(int n) {
        return sem.acquire(n).map(v -> () -> sem.release(n));
    }

    @Operation
    public String tryAcquire(@Param(name = "n") int n) {
        return sem.tryAcquire(n).name();
    }

    @Operation
    public void release(@Param(name = "n") int n) {
        sem.release(n);
    }

    @Operation
    public void close() {
        sem.close();
    }

    @Operation
    public int available() {
        return sem.availablePermits();
    }

    @Validate
    public void invariants() {
        sem.checkInvariants();
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(BatchSemaphoreModel.class);
    }
}
