package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.internal.ContextAccess;
import dev.spindle.runtime.internal.AbstractLincheckTest;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.ThreadContext;
import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The base of the sync primitives' Lincheck tests: {@link AbstractLincheckTest} (model checking
 * and stress, scaled by {@code -Dspindle.stress}) with the runtime plumbing a poll goes through
 * (the cooperative budget, the thread context, the hand-polling harness) run as atomic steps,
 * so that the model checker spends its thread switches on the primitive's own wait queue.
 *
 * <p>A wait queue's interesting races need particular operations in a particular order (a
 * request larger than what is left, then a release, then a cancel), so these tests explore
 * more, shorter scenarios than the base's defaults: more iterations, fewer invocations each.
 */
public abstract class SyncLincheckTest extends AbstractLincheckTest {

    @Override
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions o) {
        String[] plumbing = {Coop.class.getName(), ThreadContext.class.getName(), Context.class.getName(),
                ContextAccess.class.getName(), PolledByHand.class.getName()};
        return o.iterations(50 * STRESS)
                .invocationsPerIteration(60 * STRESS)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(plumbing).allMethods().treatAsAtomic());
    }

    @Override
    protected StressOptions customizeStress(StressOptions o) {
        return o.iterations(40 * STRESS).invocationsPerIteration(200 * STRESS);
    }
}
