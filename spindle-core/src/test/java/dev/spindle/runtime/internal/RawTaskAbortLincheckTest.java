package dev.spindle.runtime.internal;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Aborts and wakes from several threads racing a worker that polls the task (§3.3 of the
 * design): abort is honoured at the next run — the future's {@code cancel()} is called exactly
 * once and the outcome is cancelled — unless the poll in flight when abort came completed, in
 * which case the task keeps its value; an abort of a completed or already aborted task is a
 * no-op.
 *
 * <p><b>Why the join is in the worker's group here.</b> An abort that arrives during a poll
 * takes effect after that run (at the next one), so it linearizes after the run; a joiner
 * polling concurrently could see the task still incomplete after the abort returned and before
 * the in-flight poll completed it, which no atomic order explains. That is the design (the
 * task keeps the value of a poll that completed), so this test joins only between runs; the
 * join-versus-completion race is in {@link RawTaskWakeJoinLincheckTest}.
 */
@Param(name = "script", gen = IntGen.class, conf = "0:" + ScriptedFuture.MAX)
public class RawTaskAbortLincheckTest extends AbstractLincheckTest {
    private final RawTaskHarness h = new RawTaskHarness();

    @Operation
    public void wake() {
        h.wake();
    }

    @Operation
    public void abort() {
        h.abort();
    }

    @Operation(nonParallelGroup = "worker")
    public String work(@Param(name = "script") int script) {
        return h.work(script);
    }

    @Operation(nonParallelGroup = "worker")
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
        Class<?> t = RawTaskAbortLincheckTest.class;
        return o.actorsPerThread(2)
                .actorsBefore(1)
                .sequentialSpecification(RawTaskModel.class)
                // abort during a pending poll: honoured at the next run, cancel() once
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(0)").thread("abort()")
                        .post("work(0)", "work(0)", "join()").build())
                // abort during a completing poll: the value stays
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(1)").thread("abort()").thread("abort()")
                        .post("work(0)", "join()").build())
                // two aborts and a wake of an idle task: one queue entry, cancel() once
                .addCustomScenario(LincheckSupport.scenario(t).init("work(0)")
                        .thread("abort()").thread("abort()").thread("wake()")
                        .post("work(0)", "work(0)", "join()").build())
                // abort racing a self-waking poll and an outside wake
                .addCustomScenario(LincheckSupport.scenario(t)
                        .thread("work(3)", "work(0)").thread("abort()").thread("wake()")
                        .post("work(0)", "join()").build());
    }
}
