package dev.spindle.transform.corpus;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;

/** The idle_memory workload's task: an @Async method awaiting a oneshot completed at the end. */
public final class Idle {
    private Idle() {
    }

    /** A minimal oneshot: a value slot and the waker of its one waiter. */
    public static final class Oneshot implements Future<Integer> {
        private volatile Integer value;
        private volatile Waker waker;

        public void send(int v) {
            value = v;
            Waker w = waker;
            if (w != null) {
                w.wake();
            }
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            Integer v = value;
            if (v != null) {
                return Poll.ready(v);
            }
            waker = cx.waker();
            v = value;
            return v != null ? Poll.ready(v) : Poll.pending();
        }
    }

    @Async
    public static Future<Integer> task(Oneshot rx) {
        int v = rx.await();
        return Future.ready(v + 1);
    }
}
