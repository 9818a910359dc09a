package dev.spindle.transform.corpus;

import dev.spindle.Async;
import dev.spindle.CancelledException;
import dev.spindle.Future;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** @Async methods for the cancellation, backtrace and machine-shape tests (called with arguments). */
public final class Cancel {
    private Cancel() {
    }

    /** @return the line of the caller, to record where an await is */
    public static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    @Async
    public static Future<String> finallyOnce(Future<String> f, List<String> log) {
        try {
            return Future.ready(f.await());
        } finally {
            log.add("finally");
        }
    }

    @Async
    public static Future<String> asyncCleanup(Future<String> f, Future<String> cleanup, List<String> log, CountDownLatch done) {
        try {
            return Future.ready(f.await());
        } finally {
            log.add("cleanup start");
            log.add(cleanup.await());
            log.add("cleanup done");
            done.countDown();
        }
    }

    @Async
    public static Future<String> outer(Future<String> f, List<String> log) {
        try {
            return Future.ready(middle(f, log).await());
        } finally {
            log.add("outer");
        }
    }

    @Async
    static Future<String> middle(Future<String> f, List<String> log) {
        try {
            return Future.ready(inner(f, log).await());
        } finally {
            log.add("middle");
        }
    }

    @Async
    static Future<String> inner(Future<String> f, List<String> log) {
        try {
            return Future.ready(f.await());
        } finally {
            log.add("inner");
        }
    }

    @Async
    public static Future<String> catchCancelled(Future<String> f, List<String> log) {
        try {
            return Future.ready(f.await());
        } catch (CancelledException e) {
            log.add("caught " + e.getClass().getSimpleName());
            throw e;
        }
    }

    @Async
    public static Future<String> resourceClosedOnCancel(Future<String> f, List<String> log) {
        try (Exceptions.Res r = new Exceptions.Res("res", log)) {
            return Future.ready(f.await() + r);
        }
    }

    @Async
    public static Future<String> a(Future<String> f, int[] lines) {
        lines[0] = line(); String s = b(f, lines).await();
        return Future.ready(s);
    }

    @Async
    static Future<String> b(Future<String> f, int[] lines) {
        String prefix = "b";
        lines[1] = line(); String s = c(f, lines).await();
        return Future.ready(prefix + s);
    }

    @Async
    static Future<String> c(Future<String> f, int[] lines) {
        lines[2] = line(); return Future.ready(f.await());
    }

    @Async
    public static Future<String> idle(Future<String> rx) {
        return Future.ready(rx.await());
    }

    @Async
    public static Future<String> keepsTwo(Future<String> rx, String kept, long n) {
        String got = rx.await();
        return Future.ready(kept + got + n);
    }

    @Async
    public static Future<String> failingCleanup(Future<String> f) {
        try {
            return Future.ready(f.await());
        } finally {
            if (Boolean.TRUE) {
                throw new IllegalStateException("cleanup failed");
            }
        }
    }
}
