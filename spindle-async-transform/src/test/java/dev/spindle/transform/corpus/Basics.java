package dev.spindle.transform.corpus;

import static dev.spindle.transform.corpus.F.later;
import static dev.spindle.transform.corpus.F.now;

import dev.spindle.Async;
import dev.spindle.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Straight-line code, expressions, primitives and the operand stack around awaits. */
public final class Basics {
    private Basics() {
    }

    /** A value with two parts, built around awaits. */
    public record Pair(Object a, Object b) {
    }

    @Async
    public static Future<Integer> cStraightLine() {
        int a = later(1).await();
        int b = later(2).await();
        return Future.ready(a + b);
    }

    @Async
    public static Future<String> cNoAwait() {
        return Future.ready("plain");
    }

    @Async
    public static Future<Integer> cReadyAwaits() {
        int a = now(1).await();
        int b = now(2).await();
        int c = now(3).await();
        return Future.ready(a * 100 + b * 10 + c);
    }

    @Async
    public static Future<Integer> cFutureOfFuture() {
        return Future.ready(later(later(5)).await().await() + 1);
    }

    @Async
    public static Future<String> cReturnPendingFuture() {
        String s = later("x").await();
        return later(s + "y");
    }

    @Async
    public static Future<String> cReturnAsyncCall() {
        return cNoAwait();
    }

    @Async
    public static Future<Integer> fib(int n) {
        if (n < 2) {
            return Future.ready(n);
        }
        int a = fib(n - 1).await();
        int b = fib(n - 2).await();
        return Future.ready(a + b);
    }

    public static Future<Integer> cRecursion() {
        return fib(12);
    }

    @Async
    public static Future<Boolean> isEven(int n) {
        return n == 0 ? Future.ready(true) : Future.ready(isOdd(n - 1).await());
    }

    @Async
    public static Future<Boolean> isOdd(int n) {
        return n == 0 ? Future.ready(false) : Future.ready(isEven(n - 1).await());
    }

    public static Future<Boolean> cMutualRecursion() {
        return isEven(25);
    }

    @Async
    public static Future<Integer> sumTo(int n) {
        return Future.ready(n == 0 ? 0 : n + sumTo(n - 1).await());
    }

    public static Future<Integer> cDeepRecursion() {
        return sumTo(300);
    }

    @Async
    public static Future<Void> cVoid() {
        later("ignored").await();
        return Future.ready(null);
    }

    @Async
    public static Future<Integer> cAwaitInCallArgs() {
        return Future.ready(Math.max(later(1).await(), later(2).await()));
    }

    @Async
    public static Future<String> cAwaitInConcat() {
        return Future.ready("a" + later("b").await() + later(3).await() + 'c');
    }

    @Async
    public static Future<Pair> cAwaitInNewArgs() {
        return Future.ready(new Pair(later(1).await(), later(2).await()));
    }

    @Async
    public static Future<Pair> cNestedNew() {
        return Future.ready(new Pair(new Pair(later("in").await(), 1), later("out").await()));
    }

    @Async
    public static Future<List<Pair>> cNewInsideCallArgs() {
        return Future.ready(List.of(new Pair(later(1).await(), 2), new Pair(3, later(4).await())));
    }

    @Async
    public static Future<String> cStringBuilderChain() {
        return Future.ready(new StringBuilder("<").append(later("a").await()).append(later(7).await()).append('>').toString());
    }

    @Async
    public static Future<String> cArrayInit() {
        int[] xs = {later(1).await(), 2, later(3).await()};
        return Future.ready(java.util.Arrays.toString(xs));
    }

    @Async
    public static Future<String> cArrayStore() {
        String[] xs = new String[3];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = later("v" + i).await();
        }
        return Future.ready(String.join(",", xs));
    }

    @Async
    public static Future<String> cLongAndDoubleLocals() {
        long big = 1L << 40;
        double d = 0.5;
        int i = 3;
        long got = later(7L).await();
        double half = later(0.25).await();
        return Future.ready(big + got + ":" + (d + half) + ":" + i);
    }

    @Async
    public static Future<Long> cLongOnStack() {
        long x = 100L;
        return Future.ready(x * 3 + (long) later(5L).await());
    }

    @Async
    public static Future<Double> cDoubleOnStack() {
        double d = 1.5;
        return Future.ready(d * later(2.0).await() + d);
    }

    @Async
    public static Future<Float> cFloatLocal() {
        float f = 1.25f;
        float g = later(2.5f).await();
        return Future.ready(f * g);
    }

    @Async
    public static Future<String> cSmallPrimitives() {
        char c = 'x';
        byte b = 7;
        short s = 300;
        boolean z = true;
        later(0).await();
        return Future.ready("" + c + b + s + z);
    }

    @Async
    public static Future<String> cNullLocalAcrossAwait() {
        String s = null;
        later(1).await();
        return Future.ready(s == null ? "null" : s);
    }

    @Async
    public static Future<Boolean> cNullOnStack() {
        return Future.ready(Objects.equals(null, later("x").await()));
    }

    @Async
    public static Future<Integer> cCompoundAssignment() {
        int x = 10;
        x += later(3).await();
        x *= later(2).await();
        return Future.ready(x);
    }

    @Async
    public static Future<Long> cLongIncrements() {
        long total = 0;
        for (long i = 0; i < 5; i++) {
            total += later(i).await();
        }
        return Future.ready(total);
    }

    @Async
    public static Future<String> cManyTypesOnStack() {
        String s = mix(1, 2L, 3.0, "four", later('5').await());
        return Future.ready(s + mix(later(6).await(), 7L, later(8.0).await(), later("nine").await(), 'x'));
    }

    static String mix(int a, long b, double c, String d, char e) {
        return a + "|" + b + "|" + c + "|" + d + "|" + e;
    }

    @Async
    public static Future<Integer> cManySequentialAwaits() {
        int sum = 0;
        sum += later(1).await();
        sum += later(2).await();
        sum += later(3).await();
        sum += later(4).await();
        sum += later(5).await();
        sum += later(6).await();
        sum += later(7).await();
        sum += later(8).await();
        sum += later(9).await();
        sum += later(10).await();
        return Future.ready(sum);
    }

    @Async
    public static Future<List<String>> cGenericCast() {
        List<String> xs = later(List.of("a", "b")).await();
        List<String> out = new ArrayList<>(xs);
        out.add(later("c").await());
        return Future.ready(out);
    }

    @Async
    public static Future<String> cInstanceofPattern() {
        Object o = later((Object) "text").await();
        if (o instanceof String s && !s.isEmpty()) {
            return Future.ready(s.toUpperCase() + later("!").await());
        }
        return Future.ready("no");
    }

    @Async
    public static Future<String> cLiveOnlyWhatIsUsed() {
        String unused = "dead after this line";
        int keep = unused.length();
        later(0).await();
        return Future.ready("kept " + keep);
    }

    @Async
    public static Future<Integer> cArgsAndLocals() {
        return withArgs(3, 4L, "s", 1.5);
    }

    @Async
    static Future<Integer> withArgs(int a, long b, String c, double d) {
        int x = later(a).await();
        return Future.ready((int) (x + b + c.length() + d) + later(1).await());
    }

    @Async
    public static Future<Integer> cArgNotLive() {
        return ignoreArg("never used after the start", 5);
    }

    @Async
    static Future<Integer> ignoreArg(String s, int n) {
        int len = s.length();
        return Future.ready(len + later(n).await());
    }
}
