package dev.spindle.examples.tour;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.runtime.TaskLocal;

/** Step 10: a value that belongs to a task, not to the thread that happens to poll it. */
final class TaskLocals implements Step {
    private static final TaskLocal<String> REQUEST_ID = TaskLocal.named("request-id");

    @Override
    public String title() {
        return "TaskLocal: a value per task, not per thread";
    }

    @Override
    public void run(Narrator out) {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            out.say("two tasks share one thread and interleave at a yield; each keeps its request id");
            Futures.Joined2<String, String> ids = rt.blockOn(Future.lazy(() -> {
                JoinHandle<String> first = Task.spawn(REQUEST_ID.scope("req-1", handleRequest(out)));
                JoinHandle<String> second = Task.spawn(REQUEST_ID.scope("req-2", handleRequest(out)));
                return Futures.join(first, second);
            }));
            out.say("the tasks returned " + ids.first() + " and " + ids.second());
        }
        out.say("outside any scope: REQUEST_ID.orElse(\"none\") = " + REQUEST_ID.orElse("none"));
    }

    /** What an {@code @Async} request handler would do: log, await something, log again. */
    private static Future<String> handleRequest(Narrator out) {
        return Future.lazy(() -> {
            out.event("[" + REQUEST_ID.get() + "] start, then yield");
            return Task.yieldNow();
        }).map(v -> {
            out.event("[" + REQUEST_ID.get() + "] resumed, still " + REQUEST_ID.get());
            return REQUEST_ID.get();
        });
    }
}
