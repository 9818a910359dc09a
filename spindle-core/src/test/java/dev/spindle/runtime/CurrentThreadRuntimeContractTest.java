package dev.spindle.runtime;

import static dev.spindle.support.TestFutures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Future;
import dev.spindle.Futures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The runtime contract on the current-thread runtime. */
class CurrentThreadRuntimeContractTest extends RuntimeContractTest {

    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }

    @Override
    protected AsyncRuntime.Builder singleThreaded(AsyncRuntime.Builder b) {
        return b;
    }

    /**
     * {@code yieldNow} "reschedules the task behind every task already queued": on the
     * current-thread runtime that includes tasks spawned from another thread, which wait in the
     * injection queue. (Only defined on one thread, hence only here: on the multi-thread runtime
     * a worker may pick the second task up before the first has even started.)
     */
    @Test
    void yieldNowLetsATaskQueuedFromOutsideRunBeforeTheYieldingTaskResumes() {
        List<String> log = new CopyOnWriteArrayList<>();
        JoinHandle<Void> a = rt.spawn(run(() -> log.add("a1")).flatMap(v -> Task.yieldNow())
                .flatMap(v -> run(() -> log.add("a2"))));
        JoinHandle<Boolean> b = rt.spawn(Future.lazy(() -> Future.ready(log.add("b"))));
        rt.blockOn(Futures.join(a, b));
        assertEquals(List.of("a1", "b", "a2"), log);
    }
}
