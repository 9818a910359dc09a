package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 5: a time limit on any future; on expiry the future is cancelled. */
final class Timeouts implements Step {

    @Override
    public String title() {
        return "Timeouts: Time.timeout(d, f) and f.orTimeout(d)";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            Future<String> slowCall = new Traced<>("slow call", Time.sleep(Duration.ofHours(1)).map(v -> "response"), out);
            Throwable failure = rt.blockOn(Outcome.failureOf(Time.timeout(Duration.ofMillis(20), slowCall)));
            out.say("Time.timeout(20 ms, slowCall) failed with " + Outcome.describe(failure));

            String quick = rt.blockOn(Time.sleep(Duration.ofMillis(5)).map(v -> "quick response")
                    .orTimeout(Duration.ofSeconds(5)));
            out.say("quickCall.orTimeout(5 s) = \"" + quick + "\"  (in time: the limit never fires)");
        }
    }
}
