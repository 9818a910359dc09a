package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Pending futures of several tasks in a Lincheck test, one slot per task (for primitives whose
 * futures give a value rather than something to close, unlike {@link HeldSlot}). Results:
 * {@code -1} not applicable in this state, {@code 0} pending, otherwise the completed value as
 * {@code result} maps it (never 0 or -1).
 *
 * @param <T> the futures' value type
 */
final class FutureSlots<T> {
    private static final Context CX = Context.of(Waker.noop());

    private final Future<T>[] slots;
    private final ToIntFunction<? super T> result;

    @SuppressWarnings("unchecked")
    FutureSlots(int n, ToIntFunction<? super T> result) {
        this.slots = new Future[n];
        this.result = result;
    }

    /** If slot {@code k} is idle, starts {@code f} there and polls it once. */
    int start(int k, Supplier<? extends Future<T>> f) {
        if (slots[k] != null) {
            return -1;
        }
        slots[k] = f.get();
        return poll(k);
    }

    int poll(int k) {
        Future<T> f = slots[k];
        if (f == null) {
            return -1;
        }
        if (f.poll(CX) instanceof Poll.Ready<T> r) {
            slots[k] = null;
            return result.applyAsInt(r.value());
        }
        return 0;
    }

    /** Cancels slot {@code k}'s pending future. */
    void drop(int k) {
        if (slots[k] != null) {
            slots[k].cancel();
            slots[k] = null;
        }
    }
}
