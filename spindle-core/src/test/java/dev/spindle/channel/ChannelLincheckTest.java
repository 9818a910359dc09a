package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.internal.ContextAccess;
import dev.spindle.runtime.internal.AbstractLincheckTest;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.ThreadContext;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The base of the channels' and Notify's Lincheck tests: {@link AbstractLincheckTest} (model
 * checking and stress, scaled by {@code -Dspindle.stress}) with the runtime plumbing a poll goes
 * through (the cooperative budget, the thread context) run as atomic steps, and more, shorter
 * scenarios, as wait queues need particular operations in a particular order.
 *
 * <p>Unlike {@code SyncLincheckTest} it does not make the hand-polling harness
 * ({@code PolledByHand}) atomic: a future polled or cancelled through it takes the primitive's
 * lock, and an atomic step that takes a lock another thread holds is run by the model checker
 * as if the lock were free (it found a "race" inside a monitor that way), so the harness must
 * stay visible to it.
 */
public abstract class ChannelLincheckTest extends AbstractLincheckTest {

    @Override
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions o) {
        String[] plumbing = {Coop.class.getName(), ThreadContext.class.getName(), Context.class.getName(),
                ContextAccess.class.getName()};
        return o.iterations(20 * STRESS)
                .invocationsPerIteration(50 * STRESS)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(plumbing).allMethods().treatAsAtomic());
    }

    @Override
    protected StressOptions customizeStress(StressOptions o) {
        return o.iterations(15 * STRESS).invocationsPerIteration(150 * STRESS);
    }
}
