package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.TaskScope;
import dev.spindle.time.Time;
import java.time.Duration;

/** Step 9: structured concurrency; children do not outlive their scope. */
final class StructuredScope implements Step {

    @Override
    public String title() {
        return "TaskScope: the first failure cancels the siblings";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            Future<String> report = TaskScope.scoped(scope -> {
                scope.spawn(new Traced<>("fetch-profile", Time.sleep(Duration.ofHours(1)).map(v -> "profile"), out));
                scope.spawn(Time.sleep(Duration.ofMillis(10)).flatMap(v -> {
                    out.event("fetch-orders fails");
                    return Future.<String>failed(new IllegalStateException("orders database unavailable"));
                }));
                return scope.join().map(v -> "report");
            });
            Throwable failure = rt.blockOn(Outcome.failureOf(report));
            JoinException e = (JoinException) failure;
            out.say("the scope failed with its first failure: JoinException, isFailed() = " + e.isFailed());
            out.say("cause: " + Outcome.describe(e.getCause()));
            out.say("and it completed only after its children had: live tasks = " + rt.metrics().numAliveTasks());
        }
    }
}
