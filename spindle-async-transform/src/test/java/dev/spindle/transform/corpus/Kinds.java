package dev.spindle.transform.corpus;

import static dev.spindle.transform.corpus.F.later;

import dev.spindle.Async;
import dev.spindle.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Instance, private, generic methods; interfaces, records, enums, nested, inner, local and anonymous classes; lambdas. */
public final class Kinds {
    private int counter;
    private final String name;

    public Kinds(String name) {
        this.name = name;
    }

    /** An interface with default and static @Async methods. */
    public interface Greeter {
        String who();

        @Async
        default Future<String> greet() {
            return Future.ready("hello " + later(who()).await());
        }

        @Async
        static Future<String> shout(String s) {
            return Future.ready(later(s).await().toUpperCase());
        }
    }

    /** A generic supertype whose method an @Async method implements. */
    public interface Maker<T> {
        Future<T> make();
    }

    /** The @Async implementation, called through the generic interface. */
    public static final class StringMaker implements Maker<String> {
        @Async
        @Override
        public Future<String> make() {
            return Future.ready("made " + later(1).await());
        }
    }

    /** A future type with await() inherited, used through its own interface. */
    public interface Sub<T> extends Future<T> {
    }

    /** A future class: its await() is an invokevirtual. */
    public static final class Box<T> implements Future<T> {
        private final Future<T> inner;

        public Box(T value) {
            this.inner = later(value);
        }

        @Override
        public dev.spindle.Poll<T> poll(dev.spindle.Context cx) {
            return inner.poll(cx);
        }
    }

    /** A record with an @Async method. */
    public record Point(int x, int y) {
        @Async
        public Future<Integer> dist2() {
            int dx = later(x).await();
            return Future.ready(dx * dx + later(y).await() * y);
        }
    }

    /** An enum with @Async methods, one overridden per constant. */
    public enum Op {
        ADD {
            @Async
            @Override
            public Future<Integer> apply(int a, int b) {
                return Future.ready(later(a).await() + b);
            }
        },
        MUL {
            @Async
            @Override
            public Future<Integer> apply(int a, int b) {
                return Future.ready(a * later(b).await());
            }
        };

        public abstract Future<Integer> apply(int a, int b);

        @Async
        public Future<String> describe() {
            return Future.ready(name().toLowerCase() + later("!").await());
        }
    }

    /** A static nested class. */
    public static final class Nested {
        @Async
        public static Future<String> run() {
            return Future.ready("nested " + later(1).await());
        }
    }

    /** An inner class reading its outer instance. */
    public final class Inner {
        @Async
        public Future<String> run() {
            counter += later(5).await();
            return Future.ready(name + " inner " + counter);
        }
    }

    @Async
    public Future<String> instanceMethod(int n) {
        for (int i = 0; i < n; i++) {
            counter += later(i).await();
        }
        return Future.ready(name + ":" + counter);
    }

    @Async
    private Future<Integer> privateHelper(int x) {
        counter++;
        return Future.ready(later(x).await() * 2 + counter);
    }

    @Async
    public Future<Integer> callsPrivate() {
        int a = privateHelper(3).await();
        int b = privateHelper(4).await();
        return Future.ready(a + b + counter);
    }

    @Async
    private static Future<String> privateStatic(String s) {
        return Future.ready("[" + later(s).await() + "]");
    }

    @Async
    public static <T> Future<T> identity(T value) {
        return Future.ready(later(value).await());
    }

    @Async
    public static <T extends Comparable<T>> Future<T> maxOf(List<T> xs) {
        T best = null;
        for (T x : xs) {
            T v = later(x).await();
            if (best == null || v.compareTo(best) > 0) {
                best = v;
            }
        }
        return Future.ready(best);
    }

    @Async
    public static Future<Integer> varargs(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += later(x).await();
        }
        return Future.ready(s);
    }

    public static Future<String> cInstance() {
        return new Kinds("k").instanceMethod(4);
    }

    public static Future<Integer> cPrivateInstance() {
        return new Kinds("p").callsPrivate();
    }

    public static Future<String> cPrivateStatic() {
        return privateStatic("ps");
    }

    public static Future<String> cGeneric() {
        return identity("generic");
    }

    public static Future<String> cBoundedGeneric() {
        return maxOf(List.of("pear", "apple", "zucchini", "kiwi"));
    }

    public static Future<Integer> cVarargs() {
        return varargs(1, 2, 3, 4, 5);
    }

    public static Future<String> cInterfaceDefault() {
        Greeter g = () -> "world";
        return g.greet();
    }

    public static Future<String> cInterfaceStatic() {
        return Greeter.shout("quiet");
    }

    public static Future<Integer> cRecord() {
        return new Point(3, 4).dist2();
    }

    public static Future<String> cEnum() {
        return Op.MUL.describe();
    }

    public static Future<Integer> cEnumConstantBodies() {
        return Op.ADD.apply(2, 3).flatMap(a -> Op.MUL.apply(a, 4));
    }

    public static Future<String> cGenericOverride() {
        Maker<String> m = new StringMaker();
        return m.make();
    }

    /** A base class whose method an @Async override calls through super. */
    public static class Base {
        public Future<String> describe() {
            return later("base");
        }
    }

    /** Calls super from the rewritten body (an invokespecial on the machine's saved this). */
    public static final class Derived extends Base {
        @Async
        @Override
        public Future<String> describe() {
            String s = super.describe().await();
            return Future.ready(s + "+derived " + super.describe().await());
        }
    }

    public static Future<String> cSuperCall() {
        return new Derived().describe();
    }

    public static Future<String> cInterfaceSuperCall() {
        final class Polite implements Greeter {
            @Override
            public String who() {
                return "you";
            }

            @Async
            @Override
            public Future<String> greet() {
                return Future.ready(Greeter.super.greet().await() + ", please");
            }
        }
        return new Polite().greet();
    }

    public static Future<String> cInnerClassConstructedWithAwait() {
        return new Kinds("o").makeInner();
    }

    @Async
    Future<String> makeInner() {
        Inner in = new Inner();
        String s = in.run().await();
        return Future.ready(s + " " + new Kinds(later("again").await()).name);
    }

    public static Future<String> cNested() {
        return Nested.run();
    }

    public static Future<String> cInner() {
        Kinds k = new Kinds("outer");
        return k.new Inner().run();
    }

    public static Future<String> cAnonymous() {
        Greeter g = new Greeter() {
            @Override
            public String who() {
                return "anon";
            }

            @Async
            @Override
            public Future<String> greet() {
                return Future.ready("hi " + later(who()).await());
            }
        };
        return g.greet();
    }

    public static Future<String> cLocalClass() {
        final class Local {
            @Async
            Future<String> run(String s) {
                return Future.ready("local " + later(s).await());
            }
        }
        return new Local().run("x");
    }

    @Async
    public static Future<List<Integer>> cLambdaAfterAwait() {
        int k = later(3).await();
        List<Integer> xs = List.of(1, 2, 3).stream().map(x -> x * k).toList();
        return Future.ready(xs);
    }

    @Async
    public static Future<String> cLambdaCapturesAwaited() {
        String prefix = later("p-").await();
        Function<String, String> f = s -> prefix + s;
        Supplier<String> sup = () -> f.apply("sup");
        return Future.ready(f.apply(later("x").await()) + sup.get());
    }

    @Async
    public static Future<List<String>> cMethodReference() {
        List<String> xs = new ArrayList<>(later(List.of("b", "c", "a")).await());
        xs.sort(Comparator.naturalOrder());
        xs.replaceAll(String::toUpperCase);
        return Future.ready(xs);
    }

    @Async
    public static Future<String> cLambdaReturningAsync() {
        Function<String, Future<String>> f = Kinds::privateStatic;
        return Future.ready(f.apply("l").await() + f.apply(later("m").await()).await());
    }

    @Async
    public static Future<Integer> cSubInterfaceAwait() {
        Future<Integer> base = later(9);
        Sub<Integer> sub = base::poll;
        return Future.ready(sub.await() + 1);
    }

    @Async
    public static Future<String> cFutureClassAwait() {
        Box<String> box = new Box<>("boxed");
        return Future.ready(box.await() + new Box<>(1).await());
    }

    @Async
    public static Future<List<Integer>> cCollectAsyncResults() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(Basics.fib(i).await());
        }
        return Future.ready(out);
    }
}
