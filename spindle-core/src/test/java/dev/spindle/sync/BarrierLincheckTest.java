package dev.spindle.sync;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * The barrier under concurrent arrivals, polls and cancellations of three parties (each in its
 * own thread) of a barrier of two, checked against {@link BarrierModel}: one leader per round,
 * the round's other party released, rounds restarting. Results: {@code 1} leader, {@code 2}
 * released, {@code 0} pending, {@code -1} not applicable.
 */
public class BarrierLincheckTest extends SyncLincheckTest {
    static final int PARTIES = 2;

    private final Barrier barrier = new Barrier(PARTIES);
    private final FutureSlots<Boolean> slots = new FutureSlots<>(3, leader -> leader ? 1 : 2);

    @Operation(nonParallelGroup = "w0")
    public int wait0() {
        return arrive(0);
    }

    @Operation(nonParallelGroup = "w0")
    public int poll0() {
        return poll(0);
    }

    @Operation(nonParallelGroup = "w0")
    public void drop0() {
        drop(0);
    }

    @Operation(nonParallelGroup = "w1")
    public int wait1() {
        return arrive(1);
    }

    @Operation(nonParallelGroup = "w1")
    public int poll1() {
        return poll(1);
    }

    @Operation(nonParallelGroup = "w1")
    public void drop1() {
        drop(1);
    }

    @Operation(nonParallelGroup = "w2")
    public int wait2() {
        return arrive(2);
    }

    @Operation(nonParallelGroup = "w2")
    public int poll2() {
        return poll(2);
    }

    @Operation(nonParallelGroup = "w2")
    public void drop2() {
        drop(2);
    }

    private int arrive(int k) {
        return slots.start(k, barrier::waitFor);
    }

    private int poll(int k) {
        return slots.poll(k);
    }

    private void drop(int k) {
        slots.drop(k);
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(BarrierModel.class);
    }
}
