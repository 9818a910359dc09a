package dev.spindle.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals called directly, as Maven would after injecting their parameters; the transformer
 * runs in a forked JVM exactly as in a build (the JVM running the tests, no toolchain).
 */
class TransformMojoTest {
    @TempDir
    Path dir;

    private final List<String> errors = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    @Test
    void cleanClassesAreLeftByteIdentical() throws Exception {
        Path file = ClassFiles.write(dir, "demo/Clean", 0);
        byte[] before = Files.readAllBytes(file);
        mainGoal(dir).execute();
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(), errors);
        assertTrue(infos.stream().anyMatch(i -> i.startsWith("Spindle transform: 0 class file(s) written, 1 read")),
                infos::toString);
    }

    @Test
    void everyBuildErrorFailsTheBuildFormattedFileLineMessage() throws Exception {
        ClassFiles.write(dir, "demo/First", 12);
        ClassFiles.write(dir, "demo/sub/Second", 34);
        ClassFiles.write(dir, "demo/Clean", 0);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mainGoal(dir).execute());
        String first = "First.java:12: Future.await() is called in method get, which is not an @Async method:"
                + " annotate the method with @dev.spindle.Async and return Future<T>, so that the await can suspend.";
        assertEquals(List.of(first, first.replace("First.java:12", "Second.java:34")), errors);
        assertEquals("2 errors in the use of await() or @Async:\n" + errors.get(0) + "\n" + errors.get(1),
                e.getMessage());
    }

    @Test
    void skipLeavesEvenABadClassAlone() throws Exception {
        Path file = ClassFiles.write(dir, "demo/First", 12);
        byte[] before = Files.readAllBytes(file);
        TransformMojo goal = mainGoal(dir);
        goal.skip = true;
        goal.execute();
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("Spindle transform is skipped"), infos);
    }

    @Test
    void aMissingDirectoryIsNothingToDo() throws Exception {
        mainGoal(dir.resolve("absent")).execute();
        assertEquals(List.of(), errors);
    }

    @Test
    void theTestGoalTransformsTheTestClassesAndHonoursMavenTestSkip() throws Exception {
        ClassFiles.write(dir, "demo/FirstTest", 7);
        TestTransformMojo goal = new TestTransformMojo();
        goal.testClassesDirectory = dir.toFile();
        goal.testClasspathElements = List.of();
        goal.testCompileSourceRoots = List.of(dir.resolve("src").toString());
        Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(dir.resolve("src/demo/FirstTest.java"), "class FirstTest {}");
        prepare(goal);
        MojoFailureException e = assertThrows(MojoFailureException.class, goal::execute);
        assertTrue(e.getMessage().contains("\n" + dir.resolve("src/demo/FirstTest.java") + ":7: Future.await()"),
                e.getMessage());

        goal.skipTestCompilation = true;
        errors.clear();
        goal.execute();
        assertEquals(List.of(), errors);
    }

    private TransformMojo mainGoal(Path classes) {
        TransformMojo goal = new TransformMojo();
        goal.classesDirectory = classes.toFile();
        goal.classpathElements = List.of();
        goal.compileSourceRoots = List.of();
        prepare(goal);
        return goal;
    }

    private void prepare(AbstractTransformMojo goal) {
        goal.runnerClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(File::new).toList();
        goal.setLog(new SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }

            @Override
            public void debug(CharSequence content) {
                // the fork's command line: not what these tests look at
            }

            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }
        });
    }
}
