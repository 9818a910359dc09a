package dev.spindle.agent.internal;

import dev.spindle.transform.AsyncTransformException;
import dev.spindle.transform.Diagnostic;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * The agent's {@link ClassFileTransformer}: runs the transformer on each class as it loads,
 * returns the rewritten class and defines the classes generated for it (its state machines) in
 * the same class loader and package, right away.
 *
 * <h2>Implementation notes</h2>
 * <b>Defining the generated classes.</b> They must live in the host's loader and package (they
 * reach its private members through nest-mates or package access), and they must exist before
 * the host first runs, since no class file of theirs is on the class path for the loader to find.
 * The host itself is not loaded yet while it is being transformed, so
 * {@code MethodHandles.privateLookupIn(host, ...).defineClass} is not available; a lookup on
 * another class of the package would need such a class to be loaded first, which is not
 * guaranteed. So the agent opens {@code java.lang} to itself once, with
 * {@link Instrumentation#redefineModule}, and calls the protected
 * {@code ClassLoader.defineClass(String, byte[], int, int, ProtectionDomain)} reflectively, with
 * the host's protection domain. This works on JDK 21 to 25 for every loader, including
 * custom ones. Generated classes are defined super types first, so that one generated class may
 * extend another. Defining one a second time (two threads raced to load the same host in a
 * parallel-capable loader, and both transformed it) fails with a {@link LinkageError}; the class
 * is then already there, which is all that matters, so the error is ignored when the class can be
 * found.
 *
 * <p><b>Re-entrance.</b> The JVM calls this transformer for every class loaded while it runs,
 * including the transformer's own classes and those defined here. The agent's and transformer's
 * packages are skipped, and the transformer is warmed up in {@link #install} before it is
 * registered, so that its classes are loaded by then. Defining a generated class runs this
 * transformer on it too: it is already transformed, and the transformer's idempotence returns it
 * unchanged.
 *
 * <p><b>Cost.</b> Classes whose constant pool cannot mention {@code await}, {@code emit} or
 * {@code @Async} (a byte search of the class file, no parsing) are returned untouched without
 * running the transformer.
 */
public final class AsyncClassFileTransformer implements ClassFileTransformer {
    private static final List<String> SKIPPED_PREFIXES = List.of(
            "java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/spindle/agent/SpindleAgent", "dev/spindle/agent/internal/",
            "dev/spindle/agent/shaded/", "dev/spindle/transform/");
    private static final byte[][] MARKERS = {
        "await".getBytes(StandardCharsets.US_ASCII),
        "emit".getBytes(StandardCharsets.US_ASCII),
        "Ldev/spindle/Async;".getBytes(StandardCharsets.US_ASCII),
    };

    /** One class file transformation: the transformer, for a class of {@code loader}. */
    @FunctionalInterface
    public interface ClassTransform {
        /**
         * @param loader the loader defining the class
         * @param classFile the class file
         * @return the class files by internal name; empty when nothing changes
         * @throws AsyncTransformException on a build error
         */
        Map<String, byte[]> transform(ClassLoader loader, byte[] classFile) throws AsyncTransformException;
    }

    private final ClassTransform transform;
    private final Method defineClass;
    private final PrintStream err;

    private AsyncClassFileTransformer(ClassTransform transform, Method defineClass, PrintStream err) {
        this.transform = transform;
        this.defineClass = defineClass;
        this.err = err;
    }

    /**
     * Opens {@code java.lang} to the agent, warms the transformation up and registers it.
     *
     * @param inst the JVM's instrumentation
     * @param transform the transformation to run on each loaded class
     * @return the registered transformer
     */
    public static AsyncClassFileTransformer install(Instrumentation inst, ClassTransform transform) {
        Module javaBase = Object.class.getModule();
        Module agent = AsyncClassFileTransformer.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(agent)), Set.of(), Map.of());
        Method define;
        try {
            define = ClassLoader.class.getDeclaredMethod("defineClass",
                    String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
            define.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("spindle-agent: ClassLoader.defineClass is not available", e);
        }
        warmUp(transform);
        AsyncClassFileTransformer t = new AsyncClassFileTransformer(transform, define, System.err);
        inst.addTransformer(t, false);
        return t;
    }

    /** Loads the transformer's classes (ASM's among them) before it is registered. */
    private static void warmUp(ClassTransform transform) {
        try (var in = AsyncClassFileTransformer.class.getResourceAsStream("AsyncClassFileTransformer.class")) {
            if (in != null) {
                transform.transform(AsyncClassFileTransformer.class.getClassLoader(), in.readAllBytes());
            }
        } catch (Exception | LinkageError e) {
            // the transformer reports its own problems on the first real class
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader == null || className == null || classBeingRedefined != null || skipped(className)
                || !mayNeedTransform(classfileBuffer)) {
            return null;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(loader); // the checks resolve future types through it
            Map<String, byte[]> out = transform.transform(loader, classfileBuffer);
            if (out.isEmpty()) {
                return null;
            }
            Map<String, byte[]> generated = new LinkedHashMap<>(out);
            byte[] host = generated.remove(className);
            for (String name : superTypesFirst(generated)) {
                define(loader, name, generated.get(name), protectionDomain);
            }
            return host;
        } catch (AsyncTransformException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println("spindle-agent: " + d.format());
            }
            err.println("spindle-agent: " + className.replace('/', '.') + " is left untransformed");
            return null;
        } catch (Throwable t) {
            err.println("spindle-agent: failed to transform " + className.replace('/', '.')
                    + ", which is left untransformed: " + t);
            t.printStackTrace(err);
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void define(ClassLoader loader, String internalName, byte[] bytes, ProtectionDomain pd)
            throws ReflectiveOperationException {
        String name = internalName.replace('/', '.');
        try {
            defineClass.invoke(loader, name, bytes, 0, bytes.length, pd);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof LinkageError) || !isDefined(loader, name)) {
                throw e;
            }
            // defined already, by a thread that transformed the same host at the same time
        }
    }

    private static boolean isDefined(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return the generated classes' names, each after the generated classes it extends or implements */
    static List<String> superTypesFirst(Map<String, byte[]> generated) {
        List<String> order = new ArrayList<>();
        for (String name : generated.keySet()) {
            visit(name, generated, order, new ArrayList<>());
        }
        return order;
    }

    private static void visit(String name, Map<String, byte[]> generated, List<String> order, List<String> path) {
        if (order.contains(name) || path.contains(name) || !generated.containsKey(name)) {
            return;
        }
        path.add(name);
        ClassReader reader = new ClassReader(generated.get(name));
        visit(reader.getSuperName(), generated, order, path);
        for (String i : reader.getInterfaces()) {
            visit(i, generated, order, path);
        }
        order.add(name);
    }

    private static boolean skipped(String className) {
        for (String prefix : SKIPPED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the bytes contain one of the names the transformer acts on */
    static boolean mayNeedTransform(byte[] classFile) {
        for (byte[] marker : MARKERS) {
            if (indexOf(classFile, marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
