package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 8: aborting a task cancels its future; its handle reports the cancellation. */
final class Cancellation implements Step {

    @Override
    public String title() {
        return "Cancellation: abort a sleeping task";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            JoinException e = (JoinException) rt.blockOn(Future.lazy(() -> {
                JoinHandle<Void> sleeper = Task.spawn(new Traced<>("sleeper", Time.sleep(Duration.ofHours(1)), out));
                return Time.sleep(Duration.ofMillis(10)).flatMap(v -> {
                    out.event("main: sleeper.abort()");
                    sleeper.abort();
                    return Outcome.failureOf(sleeper);
                });
            }));
            out.say("joining the aborted task fails with JoinException: isCancelled() = " + e.isCancelled()
                    + ", isFailed() = " + e.isFailed());
            out.say("its cause is a " + e.getCause().getClass().getSimpleName() + "; the sleeper's cancel() ran instead of");
            out.say("another poll, and its sleep left the timer wheel: timers registered = " + rt.metrics().activeTimers());
        }
    }
}
