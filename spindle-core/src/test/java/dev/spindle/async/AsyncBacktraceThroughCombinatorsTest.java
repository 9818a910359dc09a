package dev.spindle.async;

import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.TaskDump;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An async backtrace passes through the combinators that wrap one future ({@code map},
 * {@code flatMap}, {@code then}, {@code lazy}, {@code Time.timeout}): a machine awaiting
 * {@code other().map(f)} shows {@code other}'s pending await too, and a task dump ends with
 * what the innermost await waits on. The machines are played by {@link Frame}, a hand-written
 * {@link AsyncFrame} (core's tests run before the transformer exists).
 */
class AsyncBacktraceThroughCombinatorsTest {
    private static final Context CX = Context.of(Waker.noop());

    /** A suspended "machine" at {@code line} of {@code method}, awaiting {@code inner}. */
    private static final class Frame implements Future<String>, AsyncFrame {
        private final StackTraceElement at;
        private final Future<String> inner;

        Frame(String method, int line, Future<String> inner) {
            this.at = new StackTraceElement("Demo", method, "Demo.java", line);
            this.inner = inner;
        }

        @Override
        public Poll<String> poll(Context cx) {
            return inner.poll(cx);
        }

        @Override
        public StackTraceElement suspendedAt() {
            return at;
        }

        @Override
        public Object awaited() {
            return inner;
        }
    }

    /** What the innermost frame waits on: never ready, with a name a dump can show. */
    private static final class Leaf implements Future<String> {
        volatile boolean polled;

        @Override
        public Poll<String> poll(Context cx) {
            polled = true;
            return Poll.pending();
        }

        @Override
        public String toString() {
            return "the leaf";
        }
    }

    private static List<String> lines(List<StackTraceElement> bt) {
        return bt.stream().map(e -> e.getMethodName() + ":" + e.getLineNumber()).toList();
    }

    @Test
    void mapFlatMapThenLazyAndTimeoutPassTheChainOn() {
        Leaf leaf = new Leaf();
        Future<String> inner = new Frame("inner", 30, leaf);
        Future<String> wrapped = Future.lazy(() -> inner.map(s -> s + "!")
                .flatMap(Future::ready)
                .then((v, t) -> Future.ready(v)));
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            Future<String> outer = new Frame("outer", 10,
                    new Frame("middle", 20, Time.timeout(Duration.ofSeconds(5), wrapped)));
            JoinHandle<String> h = rt.spawn(outer);
            rt.blockOn(until(() -> leaf.polled)); // the task's first poll has built the lazy chain
            assertFalse(h.isFinished());
            assertEquals(List.of("outer:10", "middle:20", "inner:30"), lines(AsyncBacktrace.of(outer)));
            TaskDump dump = rt.dumpTasks().stream().filter(d -> d.id() == h.id()).findFirst().orElseThrow();
            assertEquals(List.of("Demo.outer(Demo.java:10)", "Demo.middle(Demo.java:20)",
                    "Demo.inner(Demo.java:30)", "awaiting the leaf"), dump.backtrace());
            h.abort();
        }
    }

    @Test
    void aFlatMapFollowsItsSecondStageOnceTheFirstIsDone() {
        Leaf leaf = new Leaf();
        Future<String> f = Future.ready("x").flatMap(v -> new Frame("second", 40, leaf));
        assertFalse(f.poll(CX).isReady());
        assertEquals(List.of("second:40"), lines(AsyncBacktrace.of(f)));
        assertSame(leaf, ((AsyncFrame) ((AsyncFrame) f).awaited()).awaited());
        assertSame(leaf, AsyncBacktrace.innermostAwaited(f));
    }

    @Test
    void aDumpNamesTheOneshotATaskAwaits() {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            dev.spindle.channel.Oneshot<String> ch = dev.spindle.channel.Oneshot.channel();
            Leaf started = new Leaf();
            JoinHandle<String> h = rt.spawn(new Frame("waits", 60, Future.lazy(() -> {
                started.poll(CX);
                return ch.receiver();
            })));
            rt.blockOn(until(() -> started.polled));
            TaskDump dump = rt.dumpTasks().stream().filter(d -> d.id() == h.id()).findFirst().orElseThrow();
            assertEquals(List.of("Demo.waits(Demo.java:60)", "awaiting OneshotReceiver[waiting for a value]"),
                    dump.backtrace());
            ch.sender().send("v");
            assertEquals("v", rt.blockOn(h));
        }
    }

    @Test
    void aCompletedMapWaitsOnNothing() {
        Future<String> f = new Frame("done", 50, Future.ready("v")).map(s -> s);
        assertEquals(Poll.ready("v"), f.poll(CX));
        assertEquals(List.of(), AsyncBacktrace.of(f));
        assertEquals(null, ((AsyncFrame) f).awaited());
    }
}
