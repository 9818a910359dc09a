package dev.spindle.sync;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The semaphore under concurrent acquire, poll, release (or cancel), addPermits, forgetPermits,
 * tryAcquire and close, checked against {@link SemaphoreModel}.
 */
@Param(name = "n", gen = IntGen.class, conf = "0:3")
public class SemaphoreLincheckTest extends SlotLincheckTest<SemaphorePermit> {
    static final int INITIAL = 2;

    private final Semaphore s = new Semaphore(INITIAL);
    private final HeldSlot<SemaphorePermit> s2 = new HeldSlot<>();

    @Operation(nonParallelGroup = "w0")
    public int acquire0(@Param(name = "n") int n) {
        return s0.start(() -> s.acquire(n));
    }

    @Operation(nonParallelGroup = "w1")
    public int acquire1(@Param(name = "n") int n) {
        return s1.start(() -> s.acquire(n));
    }

    @Operation
    public void addPermits(@Param(name = "n") int n) {
        s.addPermits(n);
    }

    @Operation
    public int forgetPermits(@Param(name = "n") int n) {
        return s.forgetPermits(n);
    }

    @Operation(nonParallelGroup = "w2")
    public String tryAcquire2(@Param(name = "n") int n) {
        try {
            return s2.tryHold(() -> s.tryAcquire(n));
        } catch (SemaphoreClosedException e) {
            return "CLOSED";
        }
    }

    @Operation(nonParallelGroup = "w2")
    public void drop2() {
        s2.drop();
    }

    @Operation
    public void close() {
        s.close();
    }

    @Operation
    public int available() {
        return s.availablePermits();
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(SemaphoreModel.class);
    }
}
