package dev.spindle.transform.corpus;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;

/** Futures for the corpus: each completes when polled again, so the same code runs synchronously too. */
public final class F {
    private F() {
    }

    /** Pending at its first poll (waking the waker at once), then ready with {@code value}. */
    public static <T> Future<T> later(T value) {
        return new Later<>(value, null);
    }

    /** Pending at its first poll, then throws {@code failure}. */
    public static <T> Future<T> fail(RuntimeException failure) {
        return new Later<>(null, failure);
    }

    /** Ready at once. */
    public static <T> Future<T> now(T value) {
        return Future.ready(value);
    }

    private static final class Later<T> implements Future<T> {
        private final T value;
        private final RuntimeException failure;
        private boolean polled;

        Later(T value, RuntimeException failure) {
            this.value = value;
            this.failure = failure;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (!polled) {
                polled = true;
                cx.waker().wake();
                return Poll.pending();
            }
            if (failure != null) {
                throw failure;
            }
            return Poll.ready(value);
        }
    }
}
