package dev.spindle.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Runs every corpus case ({@code public static Future<?> c...()} in the corpus classes) transformed,
 * three ways (polled by hand, {@code blockOn} on a current-thread runtime, spawned on a multi-thread
 * runtime), and compares each outcome with the same bytecode run synchronously: the value, or the
 * failure's type, message and the method and line it was thrown at.
 */
class CorpusTest {
    static final String[] CLASSES = {"Basics", "Control", "Exceptions", "Kinds"};

    private static AsyncRuntime current;
    private static AsyncRuntime multi;

    @BeforeAll
    static void start() {
        current = AsyncRuntime.builder().currentThread().build();
        multi = AsyncRuntime.builder().multiThread().workerThreads(2).build();
    }

    @AfterAll
    static void stop() {
        current.close();
        multi.close();
    }

    /** What running a case gave. */
    record Outcome(String value, String failure, String thrownAt) {
        static Outcome of(Object v) {
            String s = v instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(v);
            return new Outcome(s + (v == null ? "" : " : " + v.getClass().getName()), null, null);
        }

        static Outcome failed(Throwable t) {
            String at = null;
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith(TransformingLoader.CORPUS) && !e.getClassName().contains("$async$")) {
                    at = e.getClassName() + "." + e.getMethodName() + ":" + e.getLineNumber();
                    break;
                }
            }
            return new Outcome(null, t.getClass().getName() + ": " + t.getMessage(), at);
        }
    }

    static List<Method> cases(ClassLoader loader, String simpleName) throws ClassNotFoundException {
        Class<?> c = Class.forName(TransformingLoader.CORPUS + simpleName, true, loader);
        List<Method> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().startsWith("c") && Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())
                    && m.getParameterCount() == 0 && m.getReturnType() == Future.class) {
                out.add(m);
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    static Future<?> invoke(ClassLoader loader, String cls, String method) throws Throwable {
        Method m = Class.forName(TransformingLoader.CORPUS + cls, true, loader).getMethod(method);
        try {
            return (Future<?>) m.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static Outcome sync(String cls, String method) {
        try {
            return Outcome.of(SyncAwait.await(invoke(new TransformingLoader(TransformingLoader.Mode.SYNC), cls, method)));
        } catch (Throwable t) {
            return Outcome.failed(t);
        }
    }

    /** Polls by hand with a counting waker; a Pending without a wake since the last poll is a lost wakeup. */
    static Outcome byHand(Future<?> f) {
        AtomicInteger wakes = new AtomicInteger();
        Context cx = Context.of(wakes::incrementAndGet);
        try {
            for (int i = 0; i < 100_000; i++) {
                int before = wakes.get();
                Poll<?> p = f.poll(cx);
                if (p instanceof Poll.Ready<?> r) {
                    return Outcome.of(r.value());
                }
                if (wakes.get() == before) {
                    fail("Pending without a wake: the machine lost a wakeup");
                }
            }
            throw new AssertionError("did not complete");
        } catch (Throwable t) {
            return Outcome.failed(t);
        }
    }

    static Outcome onRuntime(AsyncRuntime rt, Future<?> f, boolean spawn) {
        try {
            return Outcome.of(spawn ? rt.blockOn(rt.spawn(f)) : rt.blockOn(f));
        } catch (Throwable t) {
            Throwable c = t;
            if (c instanceof JoinException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            return Outcome.failed(c);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsSynchronousRun() throws Exception {
        TransformingLoader async = new TransformingLoader(TransformingLoader.Mode.ASYNC);
        List<DynamicTest> tests = new ArrayList<>();
        for (String cls : CLASSES) {
            for (Method m : cases(async, cls)) {
                String name = m.getName();
                tests.add(DynamicTest.dynamicTest(cls + "." + name, () -> {
                    Outcome expected = sync(cls, name);
                    TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);
                    Outcome hand;
                    try {
                        hand = byHand(invoke(loader, cls, name));
                    } catch (Throwable t) {
                        hand = Outcome.failed(t);
                    }
                    assertEquals(expected, hand, "polled by hand");
                    assertEquals(expected, onRuntime(current, invoke(loader, cls, name), false), "blockOn, current-thread");
                    assertEquals(expected, onRuntime(multi, invoke(loader, cls, name), true), "spawned, multi-thread");
                }));
            }
        }
        assertTrue(tests.size() >= 80, "the corpus has " + tests.size() + " cases");
        return tests.stream();
    }

    /** Every corpus class file, by internal name. */
    static List<String> corpusClassNames() throws URISyntaxException {
        File dir = new File(CorpusTest.class.getClassLoader().getResource("dev/spindle/transform/corpus").toURI());
        List<String> names = new ArrayList<>();
        for (File f : dir.listFiles()) {
            if (f.getName().endsWith(".class")) {
                names.add("dev/spindle/transform/corpus/" + f.getName().substring(0, f.getName().length() - 6));
            }
        }
        names.sort(null);
        return names;
    }

    static TransformingLoader loadAll() throws Exception {
        TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);
        for (String n : corpusClassNames()) {
            Class.forName(n.replace('/', '.'), true, loader);
        }
        for (String n : new ArrayList<>(loader.transformed.keySet())) {
            Class.forName(n.replace('/', '.'), true, loader); // the generated machines
        }
        return loader;
    }

    @Test
    void everyTransformedClassVerifiesAndLoads() throws Exception {
        TransformingLoader loader = loadAll();
        assertTrue(loader.transformed.size() > 80, "transformed " + loader.transformed.size());
        for (Map.Entry<String, byte[]> e : loader.transformed.entrySet()) {
            StringWriter sw = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(e.getValue()), loader, false, new PrintWriter(sw));
            assertEquals("", sw.toString(), e.getKey() + " fails verification");
        }
    }

    @Test
    void transformingTwiceChangesNothing() throws Exception {
        AsyncTransformer t = new AsyncTransformer(CorpusTest.class.getClassLoader());
        TransformingLoader loader = loadAll();
        for (Map.Entry<String, byte[]> e : loader.transformed.entrySet()) {
            assertTrue(t.transform(e.getValue()).isEmpty(), e.getKey() + " changed by a second run");
        }
    }

    @Test
    void classesWithoutAsyncMethodsAreLeftAlone() throws Exception {
        AsyncTransformer t = new AsyncTransformer(CorpusTest.class.getClassLoader());
        for (String n : List.of("dev/spindle/transform/corpus/F", "dev/spindle/transform/corpus/Probe",
                "dev/spindle/transform/corpus/Exceptions$Res", "java/lang/String", "dev/spindle/Future")) {
            assertTrue(t.transform(TransformingLoader.original(n)).isEmpty(), n);
        }
    }

    @Test
    void everyClassOfSpindleCoreIsLeftAlone() throws Exception {
        // Core is a directory of classes when the tests run against the reactor's compile output
        // and a jar once the reactor has packaged it (mvn verify from the root): read either.
        AsyncTransformer t = new AsyncTransformer(CorpusTest.class.getClassLoader());
        File root = new File(Future.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int seen = 0;
        if (root.isFile()) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root)) {
                for (var e : java.util.Collections.list(jar.entries())) {
                    String n = e.getName();
                    if (n.endsWith(".class") && !n.endsWith("module-info.class")) {
                        try (var in = jar.getInputStream(e)) {
                            assertTrue(t.transform(in.readAllBytes()).isEmpty(), n);
                        }
                        seen++;
                    }
                }
            }
        } else {
            List<File> todo = new ArrayList<>(List.of(root));
            while (!todo.isEmpty()) {
                File f = todo.remove(todo.size() - 1);
                if (f.isDirectory()) {
                    todo.addAll(Arrays.asList(f.listFiles()));
                } else if (f.getName().endsWith(".class") && !f.getName().equals("module-info.class")) {
                    assertTrue(t.transform(java.nio.file.Files.readAllBytes(f.toPath())).isEmpty(), f.toString());
                    seen++;
                }
            }
        }
        assertTrue(seen > 100, "read " + seen + " classes of spindle-core from " + root);
    }

    @Test
    void transformsClassFilesOfTheNewestVersionTheJvmRuns() throws Throwable {
        byte[] b = TransformingLoader.original("dev/spindle/transform/corpus/Basics").clone();
        int major = Runtime.version().feature() + 44;
        b[6] = (byte) (major >> 8);
        b[7] = (byte) major;
        Map<String, byte[]> out = new AsyncTransformer(CorpusTest.class.getClassLoader()).transform(b);
        byte[] rewritten = out.get("dev/spindle/transform/corpus/Basics");
        assertEquals(major, ((rewritten[6] & 0xff) << 8) | (rewritten[7] & 0xff));
        ClassLoader l = new ClassLoader(CorpusTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                byte[] bytes = out.get(name.replace('.', '/'));
                if (bytes == null && name.startsWith(TransformingLoader.CORPUS)) {
                    bytes = TransformingLoader.original(name.replace('.', '/'));
                }
                if (bytes == null) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                }
            }
        };
        Future<?> f = (Future<?>) Class.forName(TransformingLoader.CORPUS + "Basics", true, l).getMethod("cStraightLine").invoke(null);
        assertEquals(Outcome.of(3), byHand(f));
    }

    @Test
    void anAwaitWithoutStackMapFramesIsABuildErrorNotASilentSkip() {
        // Basics as a Java 5 compiler would have written it: no StackMapTable (marked Java 8, so
        // that the frames are what is missing)
        ClassReader cr = new ClassReader(TransformingLoader.original("dev/spindle/transform/corpus/Basics"));
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(0);
        cr.accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9, cw) {
            @Override
            public void visit(int version, int access, String name, String sig, String sup, String[] itfs) {
                super.visit(org.objectweb.asm.Opcodes.V1_8, access, name, sig, sup, itfs);
            }
        }, ClassReader.SKIP_FRAMES);
        AsyncTransformException e = org.junit.jupiter.api.Assertions.assertThrows(AsyncTransformException.class,
                () -> new AsyncTransformer(CorpusTest.class.getClassLoader()).transform(cw.toByteArray()));
        Diagnostic d = e.diagnostics().get(0);
        assertEquals("Basics.java", d.sourceFile());
        assertTrue(d.line() > 0);
        assertTrue(d.message().contains("no stack map frame"), d.message());
    }
}
