package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.time.Time;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key space and its expiry, on a paused clock: deadlines pass only when the test says. */
class DbTest {
    private final AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build();
    private final Db db = new Db();

    @AfterEach
    void close() {
        rt.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Async
    private Future<Void> expiresAtTheDeadlineAndThePurgeTaskRemovesIt() {
        JoinHandle<Void> purge = Task.spawn(db.purgeExpired());
        db.set(Key.of("a"), b("1"), Duration.ofSeconds(10), Db.Condition.ALWAYS);
        db.set(Key.of("b"), b("2"), Duration.ofSeconds(20), Db.Condition.ALWAYS);
        db.set(Key.of("c"), b("3"), null, Db.Condition.ALWAYS);
        Time.advance(Duration.ofSeconds(9)).await();
        assertArrayEquals(b("1"), db.get(Key.of("a")));
        assertEquals(Duration.ofSeconds(1), db.ttl(Key.of("a")));
        Time.advance(Duration.ofSeconds(1)).await();
        // Nothing read "a" since: only the purge task can have removed it.
        assertEquals(2, db.size());
        assertNull(db.get(Key.of("a")));
        Time.sleep(Duration.ofSeconds(15)).await(); // auto-advance passes b's deadline too
        assertEquals(1, db.size());
        assertEquals(0, db.pendingExpiries());
        assertTrue(db.ttl(Key.of("c")).isNegative());
        purge.abort();
        return Future.ready(null);
    }

    @Test
    void keysExpireOnTheRuntimeClock() {
        rt.blockOn(expiresAtTheDeadlineAndThePurgeTaskRemovesIt());
    }

    @Async
    private Future<Void> anEarlierDeadlineWakesThePurgeTask() {
        JoinHandle<Void> purge = Task.spawn(db.purgeExpired());
        db.set(Key.of("late"), b("x"), Duration.ofHours(1), Db.Condition.ALWAYS);
        Task.yieldNow().await(); // the purge task now sleeps until the hour is up
        db.set(Key.of("soon"), b("y"), Duration.ofMillis(5), Db.Condition.ALWAYS);
        Time.advance(Duration.ofMillis(5)).await();
        Task.yieldNow().await();
        assertEquals(1, db.size(), "the new earliest deadline was purged without a read");
        purge.abort();
        return Future.ready(null);
    }

    @Test
    void anEarlierDeadlineIsPurgedOnTime() {
        rt.blockOn(anEarlierDeadlineWakesThePurgeTask());
    }

    @Async
    private Future<Void> overwritingClearsTheDeadline() {
        db.set(Key.of("k"), b("v"), Duration.ofSeconds(1), Db.Condition.ALWAYS);
        db.set(Key.of("k"), b("w"), null, Db.Condition.ALWAYS);
        assertEquals(0, db.pendingExpiries());
        Time.advance(Duration.ofSeconds(2)).await();
        assertArrayEquals(b("w"), db.get(Key.of("k")));
        assertTrue(db.expire(Key.of("k"), Duration.ofSeconds(3)));
        assertEquals(3, db.increment(Key.of("n")) + db.increment(Key.of("n")));
        assertTrue(db.expire(Key.of("n"), Duration.ofSeconds(1)));
        assertEquals(3, db.increment(Key.of("n")), "INCR keeps the value's deadline");
        Time.advance(Duration.ofSeconds(1)).await();
        assertFalse(db.exists(Key.of("n")));
        assertTrue(db.exists(Key.of("k")));
        Time.advance(Duration.ofSeconds(2)).await();
        assertFalse(db.exists(Key.of("k")));
        assertFalse(db.expire(Key.of("k"), Duration.ofSeconds(3)), "an expired key cannot be revived");
        return Future.ready(null);
    }

    @Test
    void updatesKeepOrClearDeadlinesAsRedisDoes() {
        rt.blockOn(overwritingClearsTheDeadline());
    }

    @Async
    private Future<Void> conditions() {
        assertEquals(Db.SetResult.NOT_SET, db.set(Key.of("k"), b("1"), null, Db.Condition.IF_PRESENT));
        assertEquals(Db.SetResult.OK, db.set(Key.of("k"), b("1"), Duration.ofMillis(10), Db.Condition.IF_ABSENT));
        assertEquals(Db.SetResult.NOT_SET, db.set(Key.of("k"), b("2"), null, Db.Condition.IF_ABSENT));
        Time.advance(Duration.ofMillis(10)).await();
        assertEquals(Db.SetResult.OK, db.set(Key.of("k"), b("3"), null, Db.Condition.IF_ABSENT), "expired counts as absent");
        db.set(Key.of("s"), b("abc"), null, Db.Condition.ALWAYS);
        assertThrows(IllegalArgumentException.class, () -> db.increment(Key.of("s")));
        db.set(Key.of("max"), b(Long.toString(Long.MAX_VALUE)), null, Db.Condition.ALWAYS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.increment(Key.of("max")));
        assertTrue(e.getMessage().contains("overflow"));
        assertTrue(db.delete(Key.of("s")));
        assertFalse(db.delete(Key.of("s")));
        return Future.ready(null);
    }

    @Test
    void setConditionsAndIncrementErrors() {
        rt.blockOn(conditions());
    }
}
