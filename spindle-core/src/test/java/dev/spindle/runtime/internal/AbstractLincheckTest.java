package dev.spindle.runtime.internal;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Runs a Lincheck linearizability check of the operations a subclass declares, once with
 * the model checker (which explores thread interleavings at every shared-memory access)
 * and once as a plain stress run on real threads.
 *
 * <p>A subclass declares its data structure in instance fields (Lincheck creates a fresh
 * instance per scenario), its operations as public methods annotated with
 * {@code @Operation}, and may adjust the options through the {@code customize} hooks.
 *
 * <p>The defaults are short, for every build; {@code -Dspindle.stress=N} multiplies the
 * iterations and invocations by {@code N}.
 */
public abstract class AbstractLincheckTest {

    /** The scale factor from {@code -Dspindle.stress}, at least 1. */
    protected static final int STRESS = Math.max(1, Integer.getInteger("spindle.stress", 1));

    /** Adjusts the options shared by both modes. */
    protected <O extends Options<O, ?>> O customize(O options) {
        return options;
    }

    /** Adjusts the model-checking options, after {@link #customize(Options)}. */
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions options) {
        return options;
    }

    /** Adjusts the stress options, after {@link #customize(Options)}. */
    protected StressOptions customizeStress(StressOptions options) {
        return options;
    }

    @Test
    void modelCheckingTest() {
        ModelCheckingOptions options = common(new ModelCheckingOptions())
                .iterations(8 * STRESS)
                .invocationsPerIteration(150 * STRESS);
        customizeModelChecking(options).check(getClass());
    }

    @Test
    void stressTest() {
        StressOptions options = common(new StressOptions())
                .iterations(10 * STRESS)
                .invocationsPerIteration(500 * STRESS);
        customizeStress(options).check(getClass());
    }

    private <O extends Options<O, ?>> O common(O options) {
        return customize(options
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1));
    }
}
