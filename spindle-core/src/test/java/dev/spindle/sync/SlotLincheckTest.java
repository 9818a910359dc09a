package dev.spindle.sync;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * The base of the Lincheck tests whose scenario is two tasks waiting on one primitive, each
 * driven by its own thread (non-parallel groups {@code w0} and {@code w1}): the slots, and the
 * operations every such test shares — poll the slot's pending future again, and drop (cancel
 * the pending future, or close what the slot holds). A subclass adds the operations that start
 * waiting, and the rest; its model extends {@link SlotModel}.
 *
 * @param <G> what the primitive's acquire gives
 */
public abstract class SlotLincheckTest<G extends AutoCloseable> extends SyncLincheckTest {
    /** The first waiting task. */
    protected final HeldSlot<G> s0 = new HeldSlot<>();
    /** The second waiting task. */
    protected final HeldSlot<G> s1 = new HeldSlot<>();

    @Operation(nonParallelGroup = "w0")
    public int poll0() {
        return s0.poll();
    }

    @Operation(nonParallelGroup = "w0")
    public void drop0() {
        s0.drop();
    }

    @Operation(nonParallelGroup = "w1")
    public int poll1() {
        return s1.poll();
    }

    @Operation(nonParallelGroup = "w1")
    public void drop1() {
        s1.drop();
    }
}
