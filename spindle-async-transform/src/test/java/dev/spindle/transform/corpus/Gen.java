package dev.spindle.transform.corpus;

import static dev.spindle.transform.corpus.F.later;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.stream.AsyncStream;
import java.util.List;

/** @Async generators: methods returning AsyncStream that emit. */
public final class Gen {
    private Gen() {
    }

    @Async
    public static AsyncStream<Integer> count(int n) {
        for (int i = 0; i < n; i++) {
            AsyncStream.emit(i);
        }
        return AsyncStream.empty();
    }

    @Async
    public static AsyncStream<Integer> doubledLater(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int v = later(i).await() * 2;
            sum += v;
            AsyncStream.emit(v);
        }
        AsyncStream.emit((int) sum);
        return AsyncStream.empty();
    }

    @Async
    public static AsyncStream<String> logged(List<String> log) {
        try {
            for (int i = 0; ; i++) {
                log.add("before " + i);
                AsyncStream.emit("item " + i);
                log.add("after " + i);
            }
        } finally {
            log.add("finally");
        }
    }

    @Async
    public static AsyncStream<Integer> thenAnother() {
        AsyncStream.emit(1);
        AsyncStream.emit(later(2).await());
        return AsyncStream.of(7, 8);
    }

    @Async
    public static AsyncStream<String> emitsNull() {
        AsyncStream.emit("ok");
        AsyncStream.emit(null);
        return AsyncStream.empty();
    }

    @Async
    public static AsyncStream<String> emitInExpression(String prefix) {
        AsyncStream.emit(prefix + later("-").await() + count(3).fold(0, Integer::sum).await());
        return AsyncStream.empty();
    }

    @Async
    public static Future<Integer> consume(AsyncStream<Integer> s) {
        return Future.ready(s.map(x -> x + 1).fold(0, Integer::sum).await());
    }
}
