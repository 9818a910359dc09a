package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinSet;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Step 6: a JoinSet hands back its tasks' results as they complete. */
final class JoinSetOrder implements Step {

    @Override
    public String title() {
        return "JoinSet: results in completion order";
    }

    @Override
    public void run(Narrator out) {
        // Paused clock (step 11): the three timers fire in deadline order however loaded the machine.
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            List<String> order = rt.blockOn(Future.lazy(() -> {
                JoinSet<String> set = new JoinSet<>();
                set.spawn(after(30, "c"));
                set.spawn(after(10, "a"));
                set.spawn(after(20, "b"));
                out.event("spawned c (30 ms), a (10 ms), b (20 ms); size() = " + set.size());
                return drain(set, new ArrayList<>(), out);
            }));
            out.say("joinNext() gave " + order + ": the order they finished in, not the order spawned");
        }
    }

    private static Future<String> after(int millis, String name) {
        return Time.sleep(Duration.ofMillis(millis)).map(v -> name);
    }

    /**
     * Takes every result out of the set. With {@code @Async} this is a plain loop:
     * {@code while (!set.isEmpty()) results.add(set.joinNext().await());}
     */
    private static Future<List<String>> drain(JoinSet<String> set, List<String> results, Narrator out) {
        if (set.isEmpty()) {
            return Future.ready(results);
        }
        return set.joinNext().flatMap(name -> {
            out.event("joinNext() -> " + name);
            results.add(name);
            return drain(set, results, out);
        });
    }
}
