package dev.spindle.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.async.AsyncBacktrace;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.stream.AsyncStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** @Async generators: emit suspends until the next pollNext; finally runs on cancel; returned streams continue. */
class GeneratorTest {
    private final TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);
    private static final Context CX = Context.of(Waker.noop());

    private Object call(String method, Object... args) throws Throwable {
        return loader.call("Gen", method, args);
    }

    /** Polls to the end, counting Pending results. */
    private static List<Object> drain(AsyncStream<?> s) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Poll<?> p = s.pollNext(CX);
            if (AsyncStream.isEnd(p)) {
                return out;
            }
            if (p instanceof Poll.Ready<?> r) {
                out.add(r.value());
            }
        }
        throw new AssertionError("did not end");
    }

    @Test
    void emitsEachItemAndEnds() throws Throwable {
        assertEquals(List.of(0, 1, 2, 3, 4), drain((AsyncStream<?>) call("count", 5)));
        assertEquals(List.of(), drain((AsyncStream<?>) call("count", 0)));
    }

    @Test
    void awaitsBetweenEmitsKeepLongLocals() throws Throwable {
        assertEquals(List.of(0, 2, 4, 6, 12), drain((AsyncStream<?>) call("doubledLater", 4)));
    }

    @Test
    void emitSuspendsUntilTheConsumerAsksAgain() throws Throwable {
        List<String> log = new ArrayList<>();
        AsyncStream<?> s = (AsyncStream<?>) call("logged", log);
        assertEquals(List.of(), log, "lazy");
        assertEquals(Poll.ready("item 0"), s.pollNext(CX));
        assertEquals(List.of("before 0"), log);
        assertEquals(Poll.ready("item 1"), s.pollNext(CX));
        assertEquals(List.of("before 0", "after 0", "before 1"), log);
        List<StackTraceElement> bt = AsyncBacktrace.of(s);
        assertEquals("logged", bt.get(0).getMethodName());
        s.cancel();
        assertEquals(List.of("before 0", "after 0", "before 1", "finally"), log);
    }

    @Test
    void aReturnedStreamIsPassedOn() throws Throwable {
        assertEquals(List.of(1, 2, 7, 8), drain((AsyncStream<?>) call("thenAnother")));
    }

    @Test
    void emittingNullFails() throws Throwable {
        AsyncStream<?> s = (AsyncStream<?>) call("emitsNull");
        assertEquals(Poll.ready("ok"), s.pollNext(CX));
        assertThrows(NullPointerException.class, () -> s.pollNext(CX));
    }

    @Test
    void generatorsComposeWithStreamCombinatorsOnARuntime() throws Throwable {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            assertEquals(15, rt.blockOn((Future<?>) call("consume", call("count", 5))));
            assertEquals(List.of("p-3"), rt.blockOn(((AsyncStream<?>) call("emitInExpression", "p")).collect(java.util.stream.Collectors.toList())));
        }
    }

    @Test
    void generatorClassesVerify() throws Throwable {
        call("count", 1);
        assertTrue(loader.transformed.size() > 1);
        for (var e : loader.transformed.entrySet()) {
            Class.forName(e.getKey().replace('/', '.'), true, loader);
            StringWriter sw = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(e.getValue()), loader, false, new PrintWriter(sw));
            assertEquals("", sw.toString(), e.getKey());
        }
    }
}
