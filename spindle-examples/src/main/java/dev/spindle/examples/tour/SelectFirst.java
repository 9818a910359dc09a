package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 4: select takes the first future to finish and cancels the others. */
final class SelectFirst implements Step {

    @Override
    public String title() {
        return "Futures.select: the first one wins, the losers are cancelled";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().rngSeed(7).build()) {
            Future<String> slow = new Traced<>("slow (1 hour)", Time.sleep(Duration.ofHours(1)).map(v -> "slow"), out);
            Future<String> fast = Time.sleep(Duration.ofMillis(10)).map(v -> "fast");
            Futures.Selected<String> winner = rt.blockOn(Futures.select(slow, fast));
            out.say("select(slow, fast) -> index " + winner.index() + ", value \"" + winner.value() + "\"");
            out.say("the loser's cancel() removed its timer: timers still registered = " + rt.metrics().activeTimers());
        }
    }
}
