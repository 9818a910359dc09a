package dev.spindle.sync;

import dev.spindle.Future;
import dev.spindle.support.TestFutures;
import java.util.Optional;
import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * The once-cell under concurrent initialisers (each needing a second poll), waiters, cancellation of waiters and of the running initialiser, {@code set} and
 * {@code get}, checked against {@link OnceCellModel}: exactly one initialiser's value is stored,
 * a cancelled initialiser hands the turn to the next waiter, and everyone sees the value.
 */
public class OnceCellLincheckTest extends SyncLincheckTest {

    private final OnceCell<Integer> cell = new OnceCell<>();
    private final FutureSlots<Optional<Integer>> slots = new FutureSlots<>(2, Optional::orElseThrow);

    @Operation(nonParallelGroup = "w0")
    public int init0() {
        return init(0);
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
    public int init1() {
        return init(1);
    }

    @Operation(nonParallelGroup = "w1")
    public int poll1() {
        return poll(1);
    }

    @Operation(nonParallelGroup = "w1")
    public void drop1() {
        drop(1);
    }

    /** Slot {@code k} starts {@code getOrTryInit} with an initialiser of {@code 10 * (k + 1)}. */
    private int init(int k) {
        return slots.start(k, () -> cell.getOrTryInit(initialiser(10 * (k + 1))));
    }

    private int poll(int k) {
        return slots.poll(k);
    }

    private void drop(int k) {
        slots.drop(k);
    }

    /**
     * An initialiser that needs two polls, so that "started" and "completed" are separate,
     * atomic steps the model can name (an initialiser completing within its first poll still
     * holds the permit for a moment, which no sequential model of a one-step operation shows).
     */
    private static Supplier<Future<Optional<Integer>>> initialiser(int v) {
        return () -> TestFutures.readyAfterPolls(2, Optional.of(v));
    }

    @Operation
    public boolean set() {
        return cell.set(30);
    }

    @Operation
    public int get() {
        return cell.get().orElse(-1);
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.sequentialSpecification(OnceCellModel.class);
    }
}
