package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.time.Deadline;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 3: Futures.join runs several futures concurrently inside one task. */
final class JoinConcurrently implements Step {

    @Override
    public String title() {
        return "Futures.join: wait for all, concurrently, in one task";
    }

    @Override
    public void run(Narrator out) {
        // A paused clock (step 11) makes the timings exact on any machine, however loaded.
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            out.say("this runtime's clock is paused (see step 11), so the timings below are exact");
            Duration took = rt.blockOn(Future.lazy(() -> {
                Deadline start = Deadline.now();
                Future<String> slow = Time.sleep(Duration.ofMillis(30)).map(v -> {
                    out.event("'slow' (30 ms) finished");
                    return "slow";
                });
                Future<String> fast = Time.sleep(Duration.ofMillis(10)).map(v -> {
                    out.event("'fast' (10 ms) finished");
                    return "fast";
                });
                return Futures.join(slow, fast).map(both -> {
                    out.event("Futures.join(slow, fast) = (" + both.first() + ", " + both.second() + ")");
                    return Deadline.now().since(start);
                });
            }));
            out.say("'fast' finished first although passed second, and the values still come back in");
            out.say("argument order; the join took " + (took.toMillis() < 40 ? "about 30 ms, not 10 + 30"
                    : took.toMillis() + " ms") + ": both sleeps were waiting at the same time");
        }
    }
}
