package dev.spindle.sync;

import java.util.Optional;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * The mutex under concurrent lock, poll, unlock (or cancel of a waiting lock) and tryLock,
 * checked against {@link MutexModel} (the third thread only tries): FIFO hand-off, no barging, a cancelled waiter passing the
 * lock on, and each holder seeing the previous holder's write to the guarded value.
 */
public class MutexLincheckTest extends SyncLincheckTest {
    private final Mutex<int[]> m = new Mutex<>(new int[1]);
    private final HeldSlot<MutexGuard<int[]>> s0 = new HeldSlot<>();
    private final HeldSlot<MutexGuard<int[]>> s1 = new HeldSlot<>();
    private final HeldSlot<MutexGuard<int[]>> s2 = new HeldSlot<>();

    @Operation(nonParallelGroup = "w0")
    public int lock0() {
        return s0.start(m::lock);
    }

    @Operation(nonParallelGroup = "w0")
    public int poll0() {
        return s0.poll();
    }

    @Operation(nonParallelGroup = "w0")
    public int unlock0() {
        return unlock(s0);
    }

    @Operation(nonParallelGroup = "w1")
    public int lock1() {
        return s1.start(m::lock);
    }

    @Operation(nonParallelGroup = "w1")
    public int poll1() {
        return s1.poll();
    }

    @Operation(nonParallelGroup = "w1")
    public int unlock1() {
        return unlock(s1);
    }

    @Operation(nonParallelGroup = "w2")
    public String tryLock2() {
        if (s2.held() != null) {
            return "BUSY";
        }
        Optional<MutexGuard<int[]>> g = m.tryLock();
        g.ifPresent(s2::hold);
        return g.isPresent() ? "ACQUIRED" : "NO_PERMITS";
    }

    @Operation(nonParallelGroup = "w2")
    public int unlock2() {
        return unlock(s2);
    }

    @Operation
    public boolean isLocked() {
        return m.isLocked();
    }

    /** A holder increments the guarded value and unlocks, returning what it read. */
    private static int unlock(HeldSlot<MutexGuard<int[]>> s) {
        MutexGuard<int[]> g = s.held();
        int v = -1;
        if (g != null) {
            int[] box = g.get();
            v = box[0];
            box[0] = v + 1;
        }
        s.drop();
        return v;
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(MutexModel.class);
    }
}
