package dev.spindle.transform.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Compiles Java sources held in strings with the JDK's javac and returns the class files, so that
 * the checks are tested on what javac really emits (synchronized blocks, lambdas, bridges, method
 * references).
 *
 * <p>The transformer does not depend on spindle-core, so the sources compile against small stubs of
 * {@code dev.spindle.Future}, {@code Async} and {@code AsyncStream} with the real ones' shapes.
 * javac is reached through {@link ToolProvider} of {@code java.base}, which the module's tests can
 * use without reading {@code java.compiler}.
 */
final class InMemoryJavac {
    /** Stubs of the core API the checks look for: same names, descriptors and annotation policy. */
    static final Map<String, String> STUBS = Map.of(
            "dev/spindle/Future.java", """
                    package dev.spindle;
                    public interface Future<T> {
                        Object poll(Object cx);
                        default T await() { throw new IllegalStateException("untransformed"); }
                        static <T> Future<T> ready(T value) { return cx -> value; }
                    }
                    """,
            "dev/spindle/Async.java", """
                    package dev.spindle;
                    import java.lang.annotation.*;
                    @Retention(RetentionPolicy.CLASS)
                    @Target(ElementType.METHOD)
                    public @interface Async {}
                    """,
            "dev/spindle/stream/AsyncStream.java", """
                    package dev.spindle.stream;
                    public interface AsyncStream<T> {
                        static void emit(Object item) { throw new IllegalStateException("untransformed"); }
                        static <T> AsyncStream<T> empty() { return null; }
                    }
                    """);

    private InMemoryJavac() {
    }

    /**
     * @param sources source text by path ({@code demo/Fetch.java}); the stubs are added
     * @return every class file produced, by internal name
     */
    static Map<String, byte[]> compile(Map<String, String> sources) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("spindle-javac");
            Path src = dir.resolve("src");
            Path out = dir.resolve("out");
            Map<String, String> all = new LinkedHashMap<>(STUBS);
            all.putAll(sources);
            List<String> args = new ArrayList<>(List.of("-g", "--release", "21", "-proc:none", "-d", out.toString()));
            for (Map.Entry<String, String> e : all.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            StringWriter log = new StringWriter();
            PrintWriter pw = new PrintWriter(log);
            if (javac.run(pw, pw, args.toArray(String[]::new)) != 0) {
                pw.flush();
                throw new AssertionError("test sources do not compile:\n" + log);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = out.relativize(f).toString().replace('\\', '/');
                    classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * @param classes class files by internal name
     * @return a loader that serves them as resources ({@code a/b/C.class}), and the JDK's
     */
    static ClassLoader resources(Map<String, byte[]> classes) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                byte[] bytes = name.endsWith(".class") ? classes.get(name.substring(0, name.length() - 6)) : null;
                return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
            }
        };
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
