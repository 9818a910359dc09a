package dev.spindle.maven.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.maven.ClassFiles;
import dev.spindle.transform.AsyncTransformException;
import dev.spindle.transform.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;

/** The runner in this JVM, with stand-in transformations: what it writes, and when it writes nothing. */
class TransformRunnerTest {
    @TempDir
    Path dir;

    @Test
    void writesTheRewrittenClassAndTheGeneratedOnes() throws Exception {
        ClassFiles.write(dir, "demo/Host", 0);
        byte[] rewritten = ClassFiles.generate("demo/Host", 0);
        byte[] machine = ClassFiles.generate("demo/Host$Machine", 0);
        TransformResult r = TransformRunner.run(dir, List.of(), loader -> bytes ->
                name(bytes).equals("demo/Host") ? Map.of("demo/Host", rewritten, "demo/Host$Machine", machine) : Map.of());
        assertTrue(r.ok());
        assertEquals(1, r.read);
        assertEquals(List.of("demo/Host", "demo/Host$Machine"), r.written.stream().sorted().toList());
        assertArrayEquals(machine, Files.readAllBytes(dir.resolve("demo/Host$Machine.class")));
    }

    @Test
    void writesNothingWhenAnyClassHasABuildError() throws Exception {
        ClassFiles.write(dir, "demo/Good", 0);
        ClassFiles.write(dir, "demo/Bad", 0);
        TransformResult r = TransformRunner.run(dir, List.of(), loader -> bytes -> {
            if (name(bytes).equals("demo/Bad")) {
                throw new AsyncTransformException(List.of(new Diagnostic("Bad.java", 3, "demo.Bad", "m", "wrong.")));
            }
            return Map.of("demo/Good$Machine", bytes);
        });
        assertEquals(List.of(new TransformResult.Error("Bad.java", 3, "demo.Bad", "wrong.")), r.errors);
        assertEquals(List.of(), r.written);
        assertFalse(Files.exists(dir.resolve("demo/Good$Machine.class")));
    }

    @Test
    void aCrashOfTheTransformerIsAFailureNotASilentSkip() throws Exception {
        ClassFiles.write(dir, "demo/Boom", 0);
        TransformResult r = TransformRunner.run(dir, List.of(), loader -> bytes -> {
            throw new IllegalStateException("bug");
        });
        assertFalse(r.ok());
        assertEquals(1, r.failures.size());
        assertTrue(r.failures.get(0).startsWith("demo/Boom.class\tjava.lang.IllegalStateException: bug"), r.failures::toString);
    }

    @Test
    void theLoaderSeesTheClassesAndIsTheContextLoaderDuringTheRun() throws Exception {
        ClassFiles.write(dir, "demo/Host", 0);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        TransformRunner.run(dir, List.of(), loader -> bytes -> {
            seen.set(Thread.currentThread().getContextClassLoader());
            assertTrue(loader.getResource("demo/Host.class") != null);
            assertTrue(loader.getResource("java/lang/Object.class") != null, "the JDK's classes are visible");
            return Map.of();
        });
        assertTrue(seen.get() != null && seen.get() != before);
        assertSame(before, Thread.currentThread().getContextClassLoader(), "the context loader is restored");
    }

    @Test
    void resultsSurviveTheTripThroughTheResultFile() {
        TransformResult r = new TransformResult();
        r.errors.add(new TransformResult.Error("A.java", 1, "demo.A", "x\ty."));
        r.failures.add("B.class\ttrace");
        r.written.add("demo/C");
        r.read = 3;
        TransformResult back = TransformResult.parse(r.lines());
        assertEquals(List.of(new TransformResult.Error("A.java", 1, "demo.A", "x y.")), back.errors);
        assertEquals(r.failures, back.failures);
        assertEquals(r.written, back.written);
        assertEquals(3, back.read);
    }

    @Test
    void anErrorNamesItsFileByPathWhenASourceRootHasIt() throws Exception {
        Path root = dir.resolve("src");
        Files.createDirectories(root.resolve("demo"));
        Files.writeString(root.resolve("demo/A.java"), "class A {}");
        TransformResult.Error e = new TransformResult.Error("A.java", 7, "demo.A", "fix it.");
        assertEquals(root.resolve("demo/A.java") + ":7: fix it.", e.format(List.of(dir.resolve("other").toString(), root.toString())));
        assertEquals("A.java:7: fix it.", e.format(List.of()));
        assertEquals("A.java:?: fix it.", new TransformResult.Error("A.java", -1, "demo.A", "fix it.").format(List.of()));
    }

    private static String name(byte[] bytes) {
        return new ClassReader(bytes).getClassName();
    }
}
