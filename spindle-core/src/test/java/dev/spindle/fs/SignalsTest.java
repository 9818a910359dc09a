package dev.spindle.fs;

import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Signals#ctrlC()}, with SIGINT raised inside this JVM (the handler replaces the JVM's exit),
 * and in a child JVM ({@link SignalsProbe}) started with SIGINT ignored or not.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalsTest {

    @Test
    void ctrlCCompletesOnSigintInATask() {
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            JoinHandle<Void> h = rt.spawn(Signals.ctrlC());
            rt.blockOn(until(() -> Signals.waiting() > 0));
            assertFalse(h.isFinished());
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
            rt.blockOn(h);
            assertTrue(h.isFinished());
        }
    }

    @Test
    void aSignalBetweenCreationAndFirstPollIsNotMissed() {
        Future<Void> f = Signals.ctrlC();
        PolledByHand<Void> later = PolledByHand.of(Signals.ctrlC());
        later.assertPending();
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            rt.blockOn(f);
            rt.blockOn(until(later::isWoken));
        }
        later.assertReady();
    }

    @Test
    void cancellingAPendingCtrlCRemovesItsWaker() {
        int before = Signals.waiting();
        PolledByHand<Void> f = PolledByHand.of(Signals.ctrlC());
        f.assertPending();
        assertEquals(before + 1, Signals.waiting());
        f.cancel();
        assertEquals(before, Signals.waiting());
    }

    @Test
    void ctrlCRefusesClearlyWhenTheProcessStartedWithSigintIgnored() throws Exception {
        String out = runProbe(true);
        assertTrue(out.startsWith("unsupported: SIGINT is ignored by this process"), out);
    }

    @Test
    void theProbeSeesCtrlCWhenSigintIsNotIgnored() throws Exception {
        assertEquals("fired", runProbe(false), "the control run: the same child JVM, SIGINT left as default");
    }

    /**
     * Runs {@link SignalsProbe} in a child JVM through {@code sh}, which sets SIGINT to ignored
     * first if asked ({@code trap '' INT}; an ignored disposition survives {@code exec}, as under
     * {@code nohup}); returns its first line of output.
     */
    private static String runProbe(boolean ignoreSigint) throws Exception {
        String javaCmd = ProcessHandle.current().info().command().orElseThrow();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String script = (ignoreSigint ? "trap '' INT; " : "") + "exec \"$0\" -cp \"$1\" " + SignalsProbe.class.getName();
        java.nio.file.Path log = java.nio.file.Files.createTempFile("signals-probe", ".out");
        Process p = new ProcessBuilder("sh", "-c", script, javaCmd, cp)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // A bound on a hang (a ctrlC() that can never fire), not a wait: the child exits at once otherwise.
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the child JVM did not finish: its ctrlC() future never completed");
            }
        } finally {
            p.destroyForcibly();
        }
        String out = java.nio.file.Files.readString(log).strip();
        java.nio.file.Files.delete(log);
        assertEquals(0, p.exitValue(), out);
        return out.lines().findFirst().orElse("");
    }
}
