package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.time.Deadline;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 11: with the clock paused, time moves only when nothing else can. */
final class PausedClock implements Step {

    @Override
    public String title() {
        return "Paused clock: sleep for an hour, instantly";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            long wallStart = System.nanoTime();
            Duration slept = rt.blockOn(Future.lazy(() -> {
                out.event("Time.isPaused() = " + Time.isPaused() + "; sleeping for an hour");
                Deadline start = Deadline.now();
                return Time.sleep(Duration.ofHours(1)).map(v -> Deadline.now().since(start));
            }));
            long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
            out.say("the runtime's clock moved " + slept.toMinutes() + " minutes: with every task idle, it jumped");
            out.say("straight to the next timer's deadline");
            out.say("real time taken: " + (wallMillis < 1000 ? "well under a second" : wallMillis + " ms"));
            out.say("this is how timer tests run: deterministic, and without sleeping");
        }
    }
}
