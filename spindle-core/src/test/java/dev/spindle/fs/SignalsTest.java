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

/** {@link Signals#ctrlC()}, with SIGINT raised inside this JVM (the handler replaces the JVM's exit). */
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
}
