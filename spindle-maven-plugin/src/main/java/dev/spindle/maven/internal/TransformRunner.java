package dev.spindle.maven.internal;

import dev.spindle.transform.AsyncTransformException;
import dev.spindle.transform.AsyncTransformer;
import dev.spindle.transform.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Transforms every class file of an output directory: the part of the Maven goals that runs in a
 * JVM of the build's JDK (forked by the mojo, see {@code AbstractTransformMojo}).
 *
 * <p>All classes are transformed before any file is written, and nothing is written when one of
 * them has a build error: a failed build leaves the directory as the compiler wrote it.
 *
 * <p>Used as a program: {@code TransformRunner REQUEST RESULT}, where REQUEST holds the output
 * directory on its first line and the classpath elements on the following ones; RESULT receives
 * the {@link TransformResult} in its line form. The exit code is 0 whenever RESULT was written.
 * The mojo, which may run on an older JVM than the transformer's classes need, never loads this
 * class: it names it by a string and reads only {@link TransformResult}.
 */
public final class TransformRunner {
    private TransformRunner() {
    }

    /** A transformation of one class file, {@link AsyncTransformer#transform}'s shape. */
    @FunctionalInterface
    public interface ClassTransform {
        /**
         * @param classFile the class file's bytes
         * @return the class files to write by internal name; empty for none
         * @throws AsyncTransformException on a build error
         */
        Map<String, byte[]> transform(byte[] classFile) throws AsyncTransformException;
    }

    /**
     * Runs the transformer as a program (see the class comment).
     *
     * @param args the request file and the result file
     * @throws IOException when the request cannot be read or the result written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: TransformRunner REQUEST RESULT");
        }
        List<String> request = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        Path classes = Paths.get(request.get(0));
        List<Path> classpath = request.subList(1, request.size()).stream()
                .filter(s -> !s.isBlank()).map(Paths::get).toList();
        TransformResult result = run(classes, classpath, loader -> new AsyncTransformer(loader)::transform);
        Files.write(Paths.get(args[1]), result.lines(), StandardCharsets.UTF_8);
    }

    /**
     * Transforms the class files under a directory in place.
     *
     * @param classes the output directory, e.g. {@code target/classes}
     * @param classpath what the classes compile against (directories and jars)
     * @param transforms makes the transformation, given the loader that sees {@code classes} and
     *     {@code classpath} (made the thread's context loader for the run)
     * @return what was found and done
     */
    public static TransformResult run(Path classes, List<Path> classpath, Function<ClassLoader, ClassTransform> transforms) {
        TransformResult result = new TransformResult();
        List<URL> urls = new ArrayList<>();
        urls.add(url(classes));
        classpath.stream().filter(p -> !p.equals(classes)).map(TransformRunner::url).forEach(urls::add);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            ClassTransform transform = transforms.apply(loader);
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Path file : classFiles(classes)) {
                result.read++;
                try {
                    out.putAll(transform.transform(Files.readAllBytes(file)));
                } catch (AsyncTransformException e) {
                    for (Diagnostic d : e.diagnostics()) {
                        result.errors.add(new TransformResult.Error(d.sourceFile(), d.line(), d.className(), d.message()));
                    }
                } catch (RuntimeException | LinkageError e) {
                    result.failures.add(classes.relativize(file) + "\t" + stackTrace(e));
                }
            }
            if (result.ok()) {
                for (Map.Entry<String, byte[]> e : out.entrySet()) {
                    Path target = classes.resolve(e.getKey() + ".class");
                    Files.createDirectories(target.getParent());
                    Files.write(target, e.getValue());
                    result.written.add(e.getKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return result;
    }

    private static List<Path> classFiles(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                    .sorted()
                    .toList();
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(p.toString(), e);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString().replace("\r", "").replace("\n", " | ");
    }
}
