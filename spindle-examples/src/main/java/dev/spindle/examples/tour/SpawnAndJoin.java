package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;

/** Step 2: spawning makes a future a task; its JoinHandle is a future of the task's value. */
final class SpawnAndJoin implements Step {

    @Override
    public String title() {
        return "Spawn a task, join its JoinHandle";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            out.say("multi-thread runtime, 2 workers; spawning a task named 'answer'");
            JoinHandle<Integer> answer = Task.builder().name("answer").on(rt.handle()).spawn(Future.lazy(() -> {
                String worker = Thread.currentThread().getName().replaceAll("\\d+$", "N");
                out.event("task '" + Task.current().name() + "' runs on " + worker);
                return Future.ready(6 * 7);
            }));
            int value = rt.blockOn(answer);
            out.say("rt.blockOn(handle) = " + value + "  (a JoinHandle is itself a Future)");
            out.say("handle.isFinished() = " + answer.isFinished());
        }

        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            out.say("a task that throws: joining it fails with JoinException");
            JoinHandle<Integer> parse = rt.spawn(Future.lazy(() -> Future.ready(Integer.parseInt("forty-two"))));
            JoinException e = (JoinException) rt.blockOn(Outcome.failureOf(parse));
            out.say("isFailed() = " + e.isFailed() + ", cause: " + Outcome.describe(e.getCause()));
        }
    }
}
