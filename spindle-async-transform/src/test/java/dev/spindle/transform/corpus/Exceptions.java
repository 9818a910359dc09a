package dev.spindle.transform.corpus;

import static dev.spindle.transform.corpus.F.fail;
import static dev.spindle.transform.corpus.F.later;

import dev.spindle.AsyncCloseable;
import dev.spindle.Async;
import dev.spindle.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** try/catch/finally and try-with-resources around awaits, and failures escaping. */
public final class Exceptions {
    private Exceptions() {
    }

    /** A resource closed asynchronously; logs what happens to it. */
    public static final class Res implements AsyncCloseable {
        private final String name;
        private final List<String> log;

        public Res(String name, List<String> log) {
            this.name = name;
            this.log = log;
            log.add("open " + name);
        }

        public Future<String> use() {
            return later("use " + name);
        }

        @Override
        public Future<Void> closeAsync() {
            return later((Void) null).map(v -> {
                log.add("closed " + name);
                return null;
            });
        }
    }

    /** A synchronous resource. */
    public static final class Plain implements AutoCloseable {
        private final List<String> log;

        public Plain(List<String> log) {
            this.log = log;
        }

        @Override
        public void close() {
            log.add("plain closed");
        }
    }

    @Async
    public static Future<String> cCatchFailedAwait() {
        try {
            later(1).await();
            fail(new IllegalStateException("boom")).await();
            return Future.ready("not reached");
        } catch (IllegalStateException e) {
            return Future.ready("caught " + e.getMessage());
        }
    }

    @Async
    public static Future<String> cAwaitInCatch() {
        try {
            fail(new IllegalArgumentException("bad")).await();
            return Future.ready("no");
        } catch (IllegalArgumentException e) {
            String more = later(" handled").await();
            return Future.ready(e.getMessage() + more);
        }
    }

    @Async
    public static Future<List<String>> cFinallyAwaits() {
        List<String> log = new ArrayList<>();
        try {
            log.add(later("body").await());
        } finally {
            log.add(later("finally").await());
        }
        return Future.ready(log);
    }

    @Async
    public static Future<List<String>> cFinallyOnException() {
        List<String> log = new ArrayList<>();
        try {
            try {
                fail(new RuntimeException("inner")).await();
            } finally {
                log.add(later("cleanup").await());
            }
        } catch (RuntimeException e) {
            log.add("caught " + e.getMessage());
        }
        return Future.ready(log);
    }

    @Async
    public static Future<String> cNestedTry() {
        StringBuilder sb = new StringBuilder();
        try {
            try {
                sb.append(later("a").await());
                throw new IllegalStateException("x");
            } catch (IllegalStateException e) {
                sb.append(later("b").await());
                throw new UnsupportedOperationException("y");
            } finally {
                sb.append(later("c").await());
            }
        } catch (UnsupportedOperationException e) {
            sb.append(later("d").await()).append(e.getMessage());
        }
        return Future.ready(sb.toString());
    }

    @Async
    public static Future<String> cMultiCatch() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                if (i == 0) {
                    fail(new IllegalStateException("s")).await();
                } else if (i == 1) {
                    fail(new IllegalArgumentException("a")).await();
                }
                out.add(later("ok").await());
            } catch (IllegalStateException | IllegalArgumentException e) {
                out.add(e.getClass().getSimpleName());
            }
        }
        return Future.ready(String.join(",", out));
    }

    @Async
    public static Future<String> cFailureEscapes() {
        later(1).await();
        return Future.ready(fail(new IllegalStateException("escapes")).await() + "");
    }

    @Async
    public static Future<String> cThrowAfterAwait() {
        String s = later("x").await();
        if (s.equals("x")) {
            throw new IllegalStateException("thrown after an await");
        }
        return Future.ready(s);
    }

    @Async
    public static Future<String> cThrowBeforeAwait() {
        if (Boolean.TRUE) {
            throw new UnsupportedOperationException("thrown at the start");
        }
        return Future.ready(later("x").await());
    }

    @Async
    public static Future<String> cNpeAfterAwait() {
        String s = later((String) null).await();
        return Future.ready(s.trim());
    }

    @Async
    public static Future<String> cRethrowWrapped() {
        try {
            fail(new IllegalStateException("root")).await();
        } catch (IllegalStateException e) {
            later(0).await();
            throw new RuntimeException("wrapped: " + e.getMessage(), e);
        }
        return Future.ready("no");
    }

    @Async
    public static Future<String> cFinallyOverridesException() {
        try {
            try {
                fail(new IllegalStateException("first")).await();
            } finally {
                later(0).await();
                if (Boolean.TRUE) {
                    throw new IllegalArgumentException("from finally");
                }
            }
        } catch (RuntimeException e) {
            return Future.ready(e.getMessage());
        }
        return Future.ready("no");
    }

    @Async
    public static Future<String> cReturnInsideTryFinallyAwaits() {
        List<String> log = new ArrayList<>();
        return Future.ready(helperReturnInTry(log).await() + log);
    }

    @Async
    static Future<String> helperReturnInTry(List<String> log) {
        try {
            log.add(later("try").await());
            return Future.ready("returned");
        } finally {
            log.add(later("finally").await());
        }
    }

    @Async
    public static Future<String> cBreakThroughFinally() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            try {
                if (later(i).await() == 2) {
                    break;
                }
                sb.append(i);
            } finally {
                sb.append(later("f").await());
            }
        }
        return Future.ready(sb.toString());
    }

    @Async
    public static Future<String> cCatchFinallyAllAwait() {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(later("t").await());
            fail(new IllegalStateException()).await();
        } catch (IllegalStateException e) {
            sb.append(later("c").await());
        } finally {
            sb.append(later("f").await());
        }
        return Future.ready(sb.toString());
    }

    @Async
    public static Future<String> cCheckedException() throws IOException {
        String s = later("io").await();
        if (s.length() == 2) {
            throw new IOException("checked " + s);
        }
        return Future.ready(s);
    }

    @Async
    public static Future<String> cFailureFromNestedMachine() {
        try {
            return Future.ready(cThrowAfterAwait().await());
        } catch (IllegalStateException e) {
            return Future.ready("nested: " + e.getMessage());
        }
    }

    @Async
    public static Future<List<String>> cTryWithPlainResource() {
        List<String> log = new ArrayList<>();
        try (Plain p = new Plain(log)) {
            log.add(later("inside").await());
        }
        return Future.ready(log);
    }

    @Async
    public static Future<List<String>> cTryWithAsyncResource() {
        List<String> log = new ArrayList<>();
        try (Res r = new Res("r", log)) {
            log.add(r.use().await());
        }
        log.add("after");
        return Future.ready(log);
    }

    @Async
    public static Future<List<String>> cTryWithAsyncResourceFailing() {
        List<String> log = new ArrayList<>();
        try (Res r = new Res("r", log)) {
            log.add(r.use().await());
            fail(new IllegalStateException("in body")).await();
        } catch (IllegalStateException e) {
            log.add("caught " + e.getMessage());
        }
        return Future.ready(log);
    }

    @Async
    public static Future<List<String>> cTryWithTwoResources() {
        List<String> log = new ArrayList<>();
        try (Res a = new Res("a", log); Res b = new Res("b", log)) {
            log.add(a.use().await() + "+" + b.use().await());
        }
        return Future.ready(log);
    }

    @Async
    public static Future<List<String>> cExplicitAsyncClose() {
        List<String> log = new ArrayList<>();
        Res r = new Res("e", log);
        r.close();
        return Future.ready(log);
    }
}
