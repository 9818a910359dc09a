package dev.spindle.fs;

import dev.spindle.runtime.AsyncRuntime;

/**
 * The main class {@link SignalsTest} runs in a child JVM, whose SIGINT disposition the test
 * chooses: prints {@code unsupported: <message>} if {@link Signals#ctrlC()} refuses, else raises
 * SIGINT at itself, waits for the future and prints {@code fired}.
 */
final class SignalsProbe {
    private SignalsProbe() {
    }

    public static void main(String[] args) {
        dev.spindle.Future<Void> ctrlC;
        try {
            ctrlC = Signals.ctrlC();
        } catch (UnsupportedOperationException e) {
            System.out.println("unsupported: " + e.getMessage());
            return;
        }
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            rt.blockOn(ctrlC);
        }
        System.out.println("fired");
    }
}
