package dev.spindle.examples.tour;

import dev.spindle.Future;

/** Small helpers for looking at how a future ended. */
final class Outcome {
    private Outcome() {
    }

    /**
     * Returns a future of {@code future}'s failure, or of {@code null} if it succeeded: the
     * combinator form of {@code try { f.await(); } catch (Exception e) { ... }}.
     *
     * @param future the future to watch
     * @return the failure, or {@code null}
     */
    static Future<Throwable> failureOf(Future<?> future) {
        return future.then((value, failure) -> Future.ready(failure));
    }

    /**
     * Describes a failure in one line: {@code SimpleName: message}.
     *
     * @param t the failure
     * @return the description
     */
    static String describe(Throwable t) {
        return t == null ? "no failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
