package dev.spindle.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Jupiter tests of {@link TestTask}: wake recording, completion, cancellation, failures. */
class TestTaskTest {

    /**
     * A future completed from outside, like a oneshot receiver: it keeps the waker of its last
     * poll and counts cancels.
     */
    static final class Slot<T> implements Future<T> {
        private volatile T value;
        private volatile Waker waker;
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public Poll<T> poll(Context cx) {
            waker = cx.waker();
            T v = value;
            return v != null ? Poll.ready(v) : Poll.pending();
        }

        void complete(T v) {
            value = v;
            Waker w = waker;
            if (w != null) {
                w.wake();
            }
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    @Test
    void pendingThenWokenFromAnotherThreadThenReady() throws InterruptedException {
        Slot<String> slot = new Slot<>();
        TestTask<String> task = TestTask.spawn(slot);

        task.assertPending();
        assertFalse(task.isWoken());
        assertEquals(0, task.wakeCount());

        Thread completer = new Thread(() -> slot.complete("done"), "completer");
        completer.start();
        completer.join();

        assertTrue(task.isWoken());
        assertEquals(1, task.wakeCount());
        assertEquals("done", task.assertReady());
        assertTrue(task.isReady());
        assertEquals("done", task.value());
        assertEquals(2, task.pollCount());
    }

    @Test
    void pollClearsTheWokenFlagButNotTheCount() {
        Slot<String> slot = new Slot<>();
        TestTask<String> task = TestTask.spawn(slot);
        task.assertPending();
        task.waker().wake();
        assertTrue(task.isWoken());

        task.assertPending();

        assertFalse(task.isWoken());
        assertEquals(1, task.wakeCount());
    }

    @Test
    void wakeDuringThePollLeavesTheTaskWoken() {
        TestTask<Void> task = TestTask.spawn(Future.pollFn(cx -> {
            cx.waker().wake(); // self-wake, as Task.yieldNow does
            return Poll.pending();
        }));

        task.assertPending();

        assertTrue(task.isWoken());
    }

    @Test
    void theFutureSeesTheSameWakerAtEveryPoll() {
        Slot<String> slot = new Slot<>();
        TestTask<String> task = TestTask.spawn(slot);
        task.assertPending();
        Waker first = slot.waker;
        task.assertPending();

        assertSame(first, slot.waker);
        assertSame(task.waker(), first);
        assertTrue(first.willWake(slot.waker));
    }

    @Test
    void cancelCallsTheFuturesCancelOnce() {
        Slot<String> slot = new Slot<>();
        TestTask<String> task = TestTask.spawn(slot);
        task.assertPending();

        task.cancel();
        task.cancel();

        assertEquals(1, slot.cancels.get());
        assertTrue(task.isCancelled());
        assertThrows(IllegalStateException.class, task::poll);
    }

    @Test
    void cancelAfterCompletionDoesNotCancel() {
        Slot<String> slot = new Slot<>();
        slot.complete("early");
        TestTask<String> task = TestTask.spawn(slot);
        assertEquals("early", task.assertReady());

        task.cancel();

        assertEquals(0, slot.cancels.get());
        assertFalse(task.isCancelled());
    }

    @Test
    void aCompletedTaskRefusesAnotherPoll() {
        TestTask<Integer> task = TestTask.spawn(Future.ready(1));
        assertEquals(1, task.assertReady());

        assertThrows(IllegalStateException.class, task::poll);
    }

    @Test
    void failureIsRethrownAsThrownEvenWhenChecked() {
        IOException boom = new IOException("boom");
        TestTask<String> task = TestTask.spawn(Future.failed(boom));

        assertSame(boom, task.assertFailed());
        assertSame(boom, task.failure());
        assertFalse(task.isReady());
        assertThrows(IllegalStateException.class, task::poll);
        assertThrows(IllegalStateException.class, task::value);
    }

    @Test
    void assertionsFailWithTheWrongOutcome() {
        assertThrows(AssertionError.class, () -> TestTask.spawn(Future.ready("x")).assertPending());
        assertThrows(AssertionError.class, () -> TestTask.spawn(Future.pending()).assertReady());
        assertThrows(AssertionError.class, () -> TestTask.spawn(Future.ready("x")).assertFailed());
        assertThrows(AssertionError.class, () -> TestTask.spawn(Future.pending()).assertFailed());
    }

    @Test
    void readyWithNullIsAValue() {
        TestTask<Void> task = TestTask.spawn(Future.ready(null));
        assertNull(task.assertReady());
        assertTrue(task.isReady());
        assertNull(task.value());
    }

    @Test
    void aRuntimeBoundFutureThrowsOutsideARuntime() {
        TestTask<Void> task = TestTask.spawn(Time.sleep(Duration.ofSeconds(1)));

        IllegalStateException e = assertThrows(IllegalStateException.class, task::poll);

        assertTrue(e.getMessage().contains("runtime"), e.getMessage());
        assertSame(e, task.failure());
    }

    @Test
    void spawnInPollsInsideThePausedRuntime() {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            // lazy: the sleep's deadline is taken at the first poll, on the runtime's paused clock
            TestTask<Void> sleep = TestTask.spawnIn(rt, Future.lazy(() -> Time.sleep(Duration.ofMinutes(5))));
            sleep.assertPending();
            assertFalse(sleep.isWoken());

            rt.blockOn(Time.advance(Duration.ofMinutes(4)));
            assertFalse(sleep.isWoken());

            // The wheel rounds a deadline up to its next millisecond: one more makes it due
            // however the paused clock was aligned.
            rt.blockOn(Time.advance(Duration.ofMinutes(1).plusMillis(1)));
            assertTrue(sleep.isWoken());
            sleep.assertReady();
        }
    }

    @Test
    void spawnInCancelsInsideTheRuntime() {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            TestTask<Void> sleep = TestTask.spawnIn(rt, Future.lazy(() -> Time.sleep(Duration.ofMinutes(5))));
            sleep.assertPending();
            assertEquals(1, rt.metrics().activeTimers());

            sleep.cancel();

            assertEquals(0, rt.metrics().activeTimers());
            rt.blockOn(Time.advance(Duration.ofMinutes(6)));
            assertFalse(sleep.isWoken());
        }
    }
}
