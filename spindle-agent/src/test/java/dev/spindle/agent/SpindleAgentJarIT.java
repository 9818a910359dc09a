package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.agent.demo.MisusedAwait;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar (run by failsafe after {@code package}) on a program whose class path
 * holds only spindle-core and the program: the jar alone brings the transformer and ASM.
 */
class SpindleAgentJarIT {
    @TempDir
    Path dir;

    @Test
    void theSelfContainedJarIsAllTheAgentNeeds() throws Exception {
        String jar = System.getProperty("spindle.agent.jar");
        assertTrue(jar != null && Files.isRegularFile(Paths.get(jar)), "no packaged agent jar: " + jar);
        String classpath = location(Future.class) + File.pathSeparator + location(MisusedAwait.class);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(java, "-javaagent:" + jar, "-cp", classpath, MisusedAwait.class.getName())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the program did not end");
        List<String> errLines = Files.readAllLines(err);
        assertEquals(0, p.exitValue(), errLines::toString);
        assertEquals(2, errLines.size(), errLines::toString);
        assertTrue(errLines.get(0).startsWith("spindle-agent: MisusedAwait.java:11: Future.await() is called in"
                + " method get"), errLines::toString);
        assertTrue(Files.readAllLines(out).get(0).startsWith("ISE: Future.await() was called"));
    }

    private static String location(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
