package dev.spindle.time;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.internal.PassThroughFrame;
import java.time.Duration;

/**
 * The future behind {@link Time#timeout}: polls the inner future first (so a future that is
 * ready does not fail because the timer also elapsed), then the timer; on expiry it cancels the
 * inner future and fails with {@link ElapsedException}. Completing either way releases the timer.
 */
final class Timeout<T> implements Future<T>, PassThroughFrame {
    private Future<T> inner;
    private final Sleep sleep;
    private final Duration limit;

    Timeout(Duration limit, Future<T> inner) {
        this.inner = inner;
        this.limit = limit;
        this.sleep = new Sleep(Deadline.nowNanos() + Deadline.saturatedNanos(limit));
    }

    @Override
    public Poll<T> poll(Context cx) {
        Poll<T> p;
        try {
            p = inner.poll(cx);
        } catch (Throwable t) {
            inner = null;
            sleep.cancel();
            throw t;
        }
        if (p.isReady()) {
            inner = null;
            sleep.cancel();
            return p;
        }
        if (sleep.poll(cx).isReady()) {
            Future<T> f = inner;
            inner = null;
            f.cancel();
            throw new ElapsedException(limit);
        }
        return Poll.pending();
    }

    /** @return the future under the time limit, where the async backtrace goes on */
    @Override
    public Object awaited() {
        return inner;
    }

    @Override
    public void cancel() {
        Future<T> f = inner;
        inner = null;
        sleep.cancel();
        if (f != null) {
            f.cancel();
        }
    }

    @Override
    public String toString() {
        return "timeout(" + limit + ", " + inner + ")";
    }
}
