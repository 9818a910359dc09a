package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.demo.CleanProgram;
import dev.spindle.agent.demo.GeneratedClassHost;
import dev.spindle.agent.demo.MisusedAwait;
import dev.spindle.agent.internal.StandInAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a JVM with the agent on a tiny program and reads what it printed. The agent jar here is a
 * manifest naming the agent class, which the JVM then finds on the test class path; the packaged,
 * self-contained jar is the same classes with the transformer and ASM inside.
 */
class SpindleAgentTest {
    @TempDir
    Path dir;

    @Test
    void aBuildErrorIsPrintedAndTheClassRunsUntransformedSoItsAwaitThrows() throws Exception {
        Run run = run(agentJar(SpindleAgent.class), MisusedAwait.class);
        assertEquals(0, run.exit, run::toString);
        assertEquals(List.of(
                "spindle-agent: MisusedAwait.java:11: Future.await() is called in method get, which is not an @Async"
                        + " method: annotate the method with @dev.spindle.Async and return Future<T>, so that the"
                        + " await can suspend.",
                "spindle-agent: dev.spindle.agent.demo.MisusedAwait is left untransformed"), run.err, run::toString);
        assertEquals(1, run.out.size(), run::toString);
        assertTrue(run.out.get(0).startsWith("ISE: Future.await() was called in a method that Spindle's transformer"
                + " did not rewrite") && run.out.get(0).contains("spindle-maven-plugin"), run::toString);
    }

    @Test
    void aCleanProgramRunsAsWithoutTheAgent() throws Exception {
        Run run = run(agentJar(SpindleAgent.class), CleanProgram.class);
        assertEquals(0, run.exit, run::toString);
        assertEquals(List.of(), run.err);
        assertEquals(1, run.out.size(), run::toString);
        assertTrue(run.out.get(0).startsWith("ok "), run::toString);
    }

    @Test
    void generatedClassesAreDefinedInTheHostsLoaderAndPackageSuperTypesFirst() throws Exception {
        Run run = run(agentJar(StandInAgent.class), GeneratedClassHost.class);
        assertEquals(0, run.exit, run::toString);
        assertEquals(List.of("generated sameLoader=true package=dev.spindle.agent.demo super=GeneratedClassHost$Base"),
                run.out, run::toString);
        assertEquals(List.of(), run.err);
    }

    @Test
    void withoutTheAgentTheGeneratedClassDoesNotExist() throws Exception {
        Run run = run(null, GeneratedClassHost.class);
        assertEquals(1, run.exit, run::toString);
        assertTrue(String.join("\n", run.err).contains("ClassNotFoundException"), run::toString);
    }

    private Path agentJar(Class<?> agent) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", agent.getName());
        Path jar = dir.resolve(agent.getSimpleName() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }

    private Run run(Path agentJar, Class<?> main) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar);
        }
        command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), main.getName()));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the program did not end: " + command);
        }
        return new Run(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    private record Run(int exit, List<String> out, List<String> err) {
    }
}
