package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
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
    private static final Context CX = Context.of(Waker.noop());

    private final Barrier barrier = new Barrier(PARTIES);
    @SuppressWarnings("unchecked")
    private final Future<Boolean>[] slots = new Future[3];

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
        if (slots[k] != null) {
            return -1;
        }
        Future<Boolean> f = barrier.waitFor();
        if (f.poll(CX) instanceof Poll.Ready<Boolean> r) {
            return r.value() ? 1 : 2;
        }
        slots[k] = f;
        return 0;
    }

    private int poll(int k) {
        Future<Boolean> f = slots[k];
        if (f == null) {
            return -1;
        }
        if (f.poll(CX) instanceof Poll.Ready<Boolean> r) {
            slots[k] = null;
            return r.value() ? 1 : 2;
        }
        return 0;
    }

    private void drop(int k) {
        if (slots[k] != null) {
            slots[k].cancel();
            slots[k] = null;
        }
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(BarrierModel.class);
    }
}
