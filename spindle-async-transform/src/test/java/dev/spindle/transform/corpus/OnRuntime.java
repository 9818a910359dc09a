package dev.spindle.transform.corpus;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** @Async methods that need a runtime: join handles, yields, timers, select, spawned recursion. */
public final class OnRuntime {
    private OnRuntime() {
    }

    @Async
    public static Future<Integer> square(int x) {
        Task.yieldNow().await();
        return Future.ready(x * x);
    }

    @Async
    public static Future<Integer> joinHandles() {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            hs.add(Task.spawn(square(i)));
        }
        int sum = 0;
        for (JoinHandle<Integer> h : hs) {
            sum += h.await();
        }
        return Future.ready(sum);
    }

    @Async
    public static Future<Long> sleeps() {
        long total = 0;
        for (int i = 1; i <= 3; i++) {
            Time.sleep(Duration.ofSeconds(i)).await();
            total += i;
        }
        return Future.ready(total);
    }

    @Async
    public static Future<String> selectCancelsTheLosingMachine(Probe<String> never, List<String> log) {
        Futures.Selected<String> s = Futures.select(Cancel.finallyOnce(never, log), square(3).map(String::valueOf)).await();
        return Future.ready(s.index() + ":" + s.value() + ":" + log);
    }

    @Async
    public static Future<Integer> spawnedRecursion(int n) {
        if (n <= 1) {
            return Future.ready(n);
        }
        JoinHandle<Integer> a = Task.spawn(spawnedRecursion(n - 1));
        int b = spawnedRecursion(n - 2).await();
        return Future.ready(a.await() + b);
    }

    @Async
    public static Future<String> returnsPending(Future<String> last) {
        Task.yieldNow().await();
        return last;
    }

    @Async
    public static Future<Long> busy(int id, int yields) {
        long acc = id;
        double d = id * 0.5;
        String tag = "t" + id;
        for (int i = 0; i < yields; i++) {
            Task.yieldNow().await();
            acc += i;
            d += 0.5;
        }
        return Future.ready(acc + (long) d + tag.length());
    }
}
