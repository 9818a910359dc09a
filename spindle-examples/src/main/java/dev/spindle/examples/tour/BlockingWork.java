package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.Task;

/** Step 7: blocking calls go to the blocking pool, never into a poll. */
final class BlockingWork implements Step {

    @Override
    public String title() {
        return "spawnBlocking: blocking work on the blocking pool";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            String blockingThread = rt.blockOn(Future.lazy(() -> {
                out.event("the async code runs on thread '" + Thread.currentThread().getName() + "'");
                return Task.spawnBlocking(() -> {
                    Thread.sleep(20); // a blocking call: fine here, never inside a poll
                    return Thread.currentThread().getName();
                });
            }));
            out.say("the blocking call ran on thread '" + blockingThread + "'");
            out.say("meanwhile the runtime's thread was free to poll other tasks");
        }
    }
}
