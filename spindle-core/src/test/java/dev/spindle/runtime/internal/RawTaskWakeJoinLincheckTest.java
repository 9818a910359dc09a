package dev.spindle.runtime.internal;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Wakes from several threads racing a worker that polls the task, and a joiner racing the
 * task's completion (§3.2 of the design): concurrent wakes schedule once, a wake during a poll
 * gives exactly one more poll, a wake of a completed task is a no-op, and a joiner that saw
 * Pending is woken exactly once when the task completes.
 *
 * <p>Every history must be explained by {@link RawTaskModel}; the worker's results carry the
 * poll ordinal, so a lost or doubled poll shows as a mismatch. {@link RawTaskHarness} checks the
 * rest after each execution: one queue entry at most, NOTIFIED exactly when queued, the join
 * waker woken once.
 *
 * <p><b>What linearizability cannot see.</b> A wake lost in the window between the poll and the
 * CAS that clears RUNNING leaves the task idle, which the model explains by placing the wake
 * before the run (where it is a no-op, the task being queued): nothing orders the waker after
 * the start of the poll. {@link RawTaskAbortLincheckTest} catches that class of bug, because an
 * abort lost the same way is observable, and the jcstress test {@code WakeDuringPollTest}
 * checks the wake-during-poll race directly.
 *
 * <p><b>Why one worker.</b> A wake during a poll is deliberately deferred to the end of that
 * run (the polling worker re-queues the task). A second worker could observe the window (queue
 * empty though the wake has returned), which no atomic order explains; that is the design, not
 * a race, so workers do not run in parallel here. A join handle is polled by one task at a
 * time, so joins do not either. Aborts are in {@link RawTaskAbortLincheckTest}.
 */
@Param(name = "script", gen = IntGen.class, conf = "0:" + ScriptedFuture.MAX)
public class RawTaskWakeJoinLincheckTest extends AbstractLincheckTest {
    private final RawTaskHarness h = new RawTaskHarness();

    @Operation
    public void wake() {
        h.wake();
    }

    @Operation(nonParallelGroup = "worker")
    public String work(@Param(name = "script") int script) {
        return h.work(script);
    }

    @Operation(nonParallelGroup = "joiner")
    public String join() {
        return h.join();
    }

    @Validate
    public void invariants() {
        h.checkInvariants();
    }

    @Override
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions o) {
        return RawTaskHarness.focus(o);
    }

    /** The model, a smaller scenario shape, and the races every run examines. */
    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        Class<?> t = RawTaskWakeJoinLincheckTest.class;
        return o.actorsPerThread(2)
                .actorsBefore(1)
                .sequentialSpecification(RawTaskModel.class)
                // two wakes during a pending poll: exactly one more poll, then none
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(0)").thread("wake()").thread("wake()")
                        .post("work(0)", "work(0)").build())
                // two wakes of an idle task: one queue entry
                .addCustomScenario(LincheckSupport.scenario(t).init("work(0)")
                        .thread("wake()").thread("wake()").thread("join()")
                        .post("work(1)", "work(0)", "join()").build())
                // a join racing the completing poll, a wake racing it too
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(1)").thread("join()", "join()").thread("wake()")
                        .post("work(0)", "join()").build())
                // a self-wake racing an outside wake, then completion racing the join
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(2)", "work(4)").thread("join()").thread("wake()")
                        .post("work(0)", "join()").build());
    }
}
