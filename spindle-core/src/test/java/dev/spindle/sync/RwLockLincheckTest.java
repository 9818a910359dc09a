package dev.spindle.sync;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * The reader-writer lock under concurrent read, write, poll, release (or cancel) and
 * tryRead/tryWrite (the third thread only tries), checked against {@link RwLockModel}: readers share up to the maximum, a
 * writer excludes everyone, a waiting writer stops later readers, a cancelled writer lets them in.
 */
public class RwLockLincheckTest extends SlotLincheckTest<AutoCloseable> {
    static final int MAX_READERS = 2;

    private final RwLock<String> l = new RwLock<>("v", MAX_READERS);
    private final HeldSlot<AutoCloseable> s2 = new HeldSlot<>();

    @Operation(nonParallelGroup = "w0")
    public int read0() {
        return s0.start(l::read);
    }

    @Operation(nonParallelGroup = "w0")
    public int write0() {
        return s0.start(l::write);
    }

    @Operation(nonParallelGroup = "w1")
    public int read1() {
        return s1.start(l::read);
    }

    @Operation(nonParallelGroup = "w1")
    public int write1() {
        return s1.start(l::write);
    }

    @Operation(nonParallelGroup = "w2")
    public String tryRead2() {
        return s2.tryHold(l::tryRead);
    }

    @Operation(nonParallelGroup = "w2")
    public String tryWrite2() {
        return s2.tryHold(l::tryWrite);
    }

    @Operation(nonParallelGroup = "w2")
    public void drop2() {
        s2.drop();
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(RwLockModel.class);
    }
}
