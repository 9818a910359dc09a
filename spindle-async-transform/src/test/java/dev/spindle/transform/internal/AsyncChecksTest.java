package dev.spindle.transform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.transform.AsyncTransformException;
import dev.spindle.transform.AsyncTransformer;
import dev.spindle.transform.Diagnostic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Each build error, on classes javac compiled from the sources below: the file, the line (marked
 * {@code // <-} in the source) and the message with its fix.
 */
class AsyncChecksTest {
    private static final String IMPORTS = "package demo;\nimport dev.spindle.*;\nimport dev.spindle.stream.*;\n";

    @Test
    void awaitOutsideAnAsyncMethodIsAnError() {
        String src = IMPORTS + """
                class Plain {
                    int size(Future<String> f) {
                        String s = f.await(); // <-
                        return s.length();
                    }
                }
                """;
        Diagnostic d = single(check("demo/Plain", src));
        assertEquals("Plain.java", d.sourceFile());
        assertEquals(marked(src), d.line());
        assertEquals("demo.Plain", d.className());
        assertEquals("size", d.methodName());
        assertEquals("Plain.java:" + marked(src) + ": Future.await() is called in method size, which is not an @Async"
                + " method: annotate the method with @dev.spindle.Async and return Future<T>, so that the await can"
                + " suspend.", d.format());
    }

    @Test
    void awaitInsideAnAsyncMethodIsFine() {
        String src = IMPORTS + """
                class Fine {
                    @Async Future<Integer> size(Future<String> f) {
                        String s = f.await();
                        return Future.ready(s.length() + new Mine().await());
                    }
                    @Async static Future<Void> loop(Future<String> f) {
                        for (int i = 0; i < 3; i++) { f.await(); }
                        return Future.ready(null);
                    }
                }
                class Mine implements Future<Integer> {
                    public Object poll(Object cx) { return 1; }
                }
                """;
        assertEquals(List.of(), check("demo/Fine", src));
    }

    @Test
    void awaitOnAUserDefinedFutureTypeIsResolvedThroughTheHierarchy() {
        String src = IMPORTS + """
                interface Handle<T> extends Future<T> {}
                abstract class Base<T> implements Handle<T> {}
                class Leaf extends Base<String> { public Object poll(Object cx) { return "x"; } }
                class User {
                    String get(Leaf leaf) {
                        return leaf.await(); // <-
                    }
                }
                """;
        Diagnostic d = single(check("demo/User", src));
        assertEquals(marked(src), d.line());
        assertTrue(d.message().startsWith("Future.await() is called in method get, which is not an @Async method"));
    }

    @Test
    void anAwaitMethodOfAnUnrelatedTypeIsNotSpindles() {
        String src = IMPORTS + """
                class OtherFuture<T> { T await() { return null; } }
                class Caller {
                    Object get(OtherFuture<String> f) { return f.await(); }
                }
                """;
        assertEquals(List.of(), check("demo/Caller", src));
        assertEquals(List.of(), check("demo/OtherFuture", src));
    }

    @Test
    void awaitInALambdaInsideAnAsyncMethodIsAnError() {
        String src = IMPORTS + """
                class Lambdas {
                    @Async Future<Void> run(java.util.List<Future<String>> fs) {
                        fs.forEach(f ->
                            f.await()); // <-
                        return Future.ready(null);
                    }
                }
                """;
        Diagnostic d = single(check("demo/Lambdas", src));
        assertEquals(marked(src), d.line());
        assertEquals("Future.await() is called inside a lambda in method run, and lambda bodies are not transformed:"
                + " move the code into a named @Async method and await its future.", d.message());
    }

    @Test
    void awaitInALambdaOfAFieldInitialiserNamesTheConstructor() {
        String src = IMPORTS + """
                class Fields {
                    final java.util.function.Function<Future<String>, String> get = f -> f.await(); // <-
                }
                """;
        Diagnostic d = single(check("demo/Fields", src));
        assertEquals(marked(src), d.line());
        assertTrue(d.message().startsWith("Future.await() is called inside a lambda in a constructor,"), d.message());
    }

    @Test
    void theBridgeJavacCopiesAsyncOntoIsFine() {
        String src = IMPORTS + """
                interface Source<T> { Future<String> fetch(T key); }
                class Bridged implements Source<String> {
                    @Async public Future<String> fetch(String key) { return Future.ready(key + Future.ready("!").await()); }
                }
                """;
        Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("demo/Bridged.java", src));
        ClassNode cn = read(classes.get("demo/Bridged"));
        assertTrue(cn.methods.stream().anyMatch(m -> (m.access & org.objectweb.asm.Opcodes.ACC_BRIDGE) != 0
                && AsyncChecks.isAsync(m)), "javac copies @Async onto the bridge: the transformer must skip bridges");
        assertEquals(List.of(), AsyncChecks.check(cn, InMemoryJavac.resources(classes)));
    }

    @Test
    void emitOutsideAnAsyncGeneratorIsAnError() {
        String src = IMPORTS + """
                class Emits {
                    void plain() {
                        AsyncStream.emit(1); // <-
                    }
                    @Async Future<Void> notAGenerator() {
                        AsyncStream.emit(2);
                        return Future.ready(null);
                    }
                    @Async AsyncStream<Integer> generator(Future<Integer> f) {
                        AsyncStream.emit(f.await());
                        return AsyncStream.empty();
                    }
                }
                """;
        List<Diagnostic> errors = check("demo/Emits", src);
        assertEquals(2, errors.size(), errors::toString);
        assertEquals(marked(src), errors.get(0).line());
        assertEquals("AsyncStream.emit() is called in method plain, which is not an @Async method returning"
                + " AsyncStream: annotate it with @dev.spindle.Async and declare it to return"
                + " dev.spindle.stream.AsyncStream<T>.", errors.get(0).message());
        assertEquals("notAGenerator", errors.get(1).methodName());
        assertEquals(marked(src) + 3, errors.get(1).line());
    }

    @Test
    void awaitInsideASynchronizedBlockIsAnErrorButNotAfterIt() {
        String src = IMPORTS + """
                class Locks {
                    final Object lock = new Object();
                    @Async Future<String> get(Future<String> f) {
                        String before = f.await();
                        synchronized (lock) {
                            if (before.isEmpty()) {
                                before = f.await(); // <-
                            }
                        }
                        String after = f.await();
                        return Future.ready(before + after);
                    }
                }
                """;
        Diagnostic d = single(check("demo/Locks", src));
        assertEquals(marked(src), d.line());
        assertEquals("Future.await() is called inside a synchronized block in method get, and a monitor cannot be"
                + " held across a suspension: leave the synchronized block before awaiting, or use"
                + " dev.spindle.sync.Mutex.", d.message());
    }

    @Test
    void awaitInNestedSynchronizedBlocksAndAfterAThrowIsTracked() {
        String src = IMPORTS + """
                class Nested {
                    @Async Future<String> get(Object a, Object b, Future<String> f) {
                        synchronized (a) {
                            synchronized (b) {
                                if (f == null) throw new IllegalStateException();
                            }
                            f.await(); // <-
                        }
                        try {
                            synchronized (a) { throw new RuntimeException(); }
                        } catch (RuntimeException e) {
                            return Future.ready(f.await());
                        }
                    }
                }
                """;
        Diagnostic d = single(check("demo/Nested", src));
        assertEquals(marked(src), d.line());
    }

    @Test
    void aSynchronizedAsyncMethodIsAnError() {
        String src = IMPORTS + """
                class SyncMethod {
                    @Async synchronized Future<String> get(Future<String> f) {
                        return Future.ready(f.await()); // <-
                    }
                }
                """;
        Diagnostic d = single(check("demo/SyncMethod", src));
        assertEquals(marked(src), d.line());
        assertEquals("@Async method get is synchronized, but its body runs as a state machine that cannot hold a"
                + " monitor across an await: remove synchronized and guard the shared state with"
                + " dev.spindle.sync.Mutex.", d.message());
    }

    @Test
    void aMethodReferenceToAwaitIsAnError() {
        String src = IMPORTS + """
                class Refs {
                    @Async Future<Void> all(java.util.List<Future<String>> fs) {
                        fs.stream().map(Future::await) // <-
                            .forEach(System.out::println);
                        return Future.ready(null);
                    }
                }
                """;
        Diagnostic d = single(check("demo/Refs", src));
        assertEquals(marked(src), d.line());
        assertEquals("Future::await is used as a method reference in method all, which cannot suspend: call"
                + " f.await() directly in the body of an @Async method instead.", d.message());
    }

    @Test
    void aFutureThatOverridesAwaitIsAnError() {
        String src = IMPORTS + """
                class Eager implements Future<String> {
                    public Object poll(Object cx) { return "x"; }
                    @Override public String await() { // covariant: javac adds a bridge, reported once
                        return "x"; // <-
                    }
                }
                interface Blocking<T> extends Future<T> {
                    @Override default T await() { return null; }
                }
                """;
        Diagnostic d = single(check("demo/Eager", src));
        assertEquals(marked(src), d.line());
        assertEquals("await", d.methodName());
        assertEquals("Eager declares await(), which overrides Future.await(): calls of await() are compiled into"
                + " suspension points and never reach it, so remove it and implement poll(Context) instead.",
                d.message());
        assertEquals(1, check("demo/Blocking", src).size());
        assertEquals(List.of(), check("dev/spindle/Future", src), "Future itself declares await()");
    }

    @Test
    void anAsyncConstructorIsAnErrorAndJavacRejectsItAlready() {
        AssertionError javac = assertThrows(AssertionError.class, () -> InMemoryJavac.compile(Map.of("demo/Ctor.java",
                IMPORTS + "class Ctor { @Async Ctor() {} }")));
        assertTrue(javac.getMessage().contains("not applicable"), javac.getMessage());

        String src = IMPORTS + """
                class Ctor {
                    Ctor() {
                        super(); // <-
                    }
                }
                """;
        Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("demo/Ctor.java", src));
        ClassNode cn = read(classes.get("demo/Ctor"));
        MethodNode init = cn.methods.stream().filter(m -> m.name.equals("<init>")).findFirst().orElseThrow();
        init.visibleAnnotations = List.of(new AnnotationNode(AsyncChecks.ASYNC_DESC)); // as another compiler might
        Diagnostic d = single(AsyncChecks.check(cn, InMemoryJavac.resources(classes)));
        assertEquals(marked(src), d.line());
        assertEquals("A constructor of Ctor is annotated @Async, but a constructor cannot return a future: move the"
                + " asynchronous work into a static @Async factory method returning Future<Ctor>.", d.message());
    }

    @Test
    void aWrongReturnTypeIsAnError() {
        String src = IMPORTS + """
                class Returns {
                    @Async String name(Future<String> f) {
                        return f.await(); // <-
                    }
                    @Async java.util.concurrent.CompletableFuture<String> cf() {
                        return null;
                    }
                    @Async void nothing() {
                    }
                }
                """;
        List<Diagnostic> errors = check("demo/Returns", src);
        assertEquals(3, errors.size(), errors::toString);
        assertEquals(marked(src), errors.get(0).line());
        assertEquals("@Async method name returns java.lang.String: declare it to return dev.spindle.Future<T>, or"
                + " dev.spindle.stream.AsyncStream<T> for an async generator.", errors.get(0).message());
        assertTrue(errors.get(1).message().startsWith("@Async method cf returns java.util.concurrent.CompletableFuture:"));
        assertTrue(errors.get(2).message().startsWith("@Async method nothing returns void:"));
    }

    @Test
    void anAbstractAsyncMethodIsAnError() {
        String src = IMPORTS + """
                interface Api {
                    @Async Future<String> fetch();
                }
                """;
        Diagnostic d = single(check("demo/Api", src));
        assertEquals(-1, d.line());
        assertEquals("Api.java:?: @Async method fetch has no body to transform: remove @Async from the abstract"
                + " declaration and put it on the implementations.", d.format());
    }

    @Test
    void errorsComeInSourceOrderAndTheTransformerRejectsTheClass() throws Exception {
        String src = IMPORTS + """
                class Many {
                    @Async Future<String> ok(Future<String> f) { return Future.ready(f.await()); }
                    String first(Future<String> f) { return f.await(); } // <-
                    String second(Future<String> f) { return f.await(); }
                }
                """;
        Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("demo/Many.java", src));
        ClassLoader loader = InMemoryJavac.resources(classes);
        AsyncTransformException e = assertThrows(AsyncTransformException.class,
                () -> new AsyncTransformer(loader).transform(classes.get("demo/Many")));
        assertEquals(List.of(marked(src), marked(src) + 1), e.diagnostics().stream().map(Diagnostic::line).toList());
        assertEquals(List.of("first", "second"), e.diagnostics().stream().map(Diagnostic::methodName).toList());
    }

    @Test
    void aClassWithoutDebugInformationIsStillChecked() {
        ClassNode cn = read(InMemoryJavac.compile(Map.of("demo/Plain.java",
                IMPORTS + "class Plain { Object get(Future<String> f) { return f.await(); } }")).get("demo/Plain"));
        cn.sourceFile = null;
        cn.methods.forEach(m -> m.instructions.forEach(i -> {
            if (i instanceof org.objectweb.asm.tree.LineNumberNode) {
                m.instructions.remove(i);
            }
        }));
        assertEquals("<unknown>:?: Future.await() is called in method get",
                single(AsyncChecks.check(cn, getClass().getClassLoader())).format().split(",")[0]);
    }

    @Test
    void checkedClassesRoundTripUnchanged() {
        byte[] original = InMemoryJavac.compile(Map.of("demo/Plain.java", IMPORTS + "class Plain {}")).get("demo/Plain");
        ClassNode cn = read(original);
        assertEquals(List.of(), AsyncChecks.check(cn, getClass().getClassLoader()));
        ClassWriter cw = new ClassWriter(0);
        cn.accept(cw);
        assertEquals(original.length, cw.toByteArray().length, "the checks must not modify the class node");
    }

    private static List<Diagnostic> check(String className, String source) {
        Map<String, byte[]> classes = InMemoryJavac.compile(Map.of("demo/" + fileOf(className) + ".java", source));
        byte[] bytes = classes.get(className);
        if (bytes == null) {
            throw new AssertionError("no class " + className + " in " + classes.keySet());
        }
        return AsyncChecks.check(read(bytes), InMemoryJavac.resources(classes));
    }

    private static String fileOf(String className) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        return className.startsWith("dev/") ? "Probe" : simple;
    }

    private static ClassNode read(byte[] bytes) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        return cn;
    }

    private static Diagnostic single(List<Diagnostic> errors) {
        assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
        return errors.get(0);
    }

    /** @return the 1-based line of the source marked {@code // <-} */
    private static int marked(String source) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// <-")) {
                return i + 1;
            }
        }
        throw new AssertionError("no marked line");
    }
}
