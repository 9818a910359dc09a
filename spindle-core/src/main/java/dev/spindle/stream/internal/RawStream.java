package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;

/**
 * The internal pull protocol of Spindle's own stream stages: {@link #pollRaw} returns the item
 * itself, or one of the sentinels {@link #PENDING} and {@link #END}, so that a pipeline of
 * built-in stages passes items on without a {@code Poll.Ready} per item per stage.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Two protocols, one stage.</b> Every built-in stage extends this class and implements
 *       only {@code pollRaw}; its public {@link #pollNext} is the final wrapper that builds the
 *       {@code Poll} a user asked for ({@code AsyncStream.end()} for {@link #END}, pending for
 *       {@link #PENDING}, {@code Poll.ready(item)} otherwise). Stage-to-stage and terminal
 *       pulls use {@code pollRaw}.</li>
 *   <li><b>User streams.</b> A stage holds its upstream as a {@code RawStream}, taken by
 *       {@link #of}: the stream itself if built in, else an {@link Adapter} that calls the
 *       user's {@code pollNext} and unwraps it. The adapter is made once per upstream, at
 *       construction, never per item; where a stage meets a new user stream per item
 *       ({@code flatMap}'s inner streams) it dispatches with {@link #poll} instead.</li>
 *   <li><b>Sentinels are identities.</b> {@link #END} is the value inside
 *       {@code AsyncStream.end()} (so unwrapping the public end yields it with no identity
 *       check) and {@link #PENDING} a private object; neither can be an item, since user code
 *       never sees them. A stage compares {@code v == END || v == PENDING} before using
 *       {@code v}.</li>
 *   <li><b>{@code null}.</b> Built-in stages never return {@code null}; only an adapter does,
 *       when a user stream broke the contract with {@code Poll.ready(null)}. Every consumer
 *       checks for it ({@link StreamOps#item}) and fails as the contract says.</li>
 * </ul>
 *
 * @param <T> the item type
 */
public abstract class RawStream<T> implements AsyncStream<T> {
    /** The raw result for "no item yet; the waker will be woken". */
    public static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "RawStream.PENDING";
        }
    };

    /** The raw result for "the stream is over": the value inside {@code AsyncStream.end()}. */
    public static final Object END = new Object() {
        @Override
        public String toString() {
            return "AsyncStream.end()";
        }
    };

    /**
     * Polls for the next item, as {@link #pollNext} does, without wrapping it.
     *
     * @param cx the context of the polling task
     * @return the item (never {@code null} from a built-in stage), {@link #PENDING} or
     *     {@link #END}
     */
    public abstract Object pollRaw(Context cx);

    @Override
    @SuppressWarnings("unchecked")
    public final Poll<T> pollNext(Context cx) {
        Object v = pollRaw(cx);
        if (v == PENDING) {
            return Poll.pending();
        }
        if (v == END) {
            return StreamOps.end();
        }
        return Poll.ready((T) v);
    }

    /**
     * The raw view of a stream: itself if built in, else an adapter over its {@code pollNext}.
     *
     * @param s the stream
     * @param <T> the item type
     * @return the raw stream
     */
    @SuppressWarnings("unchecked")
    public static <T> RawStream<T> of(AsyncStream<? extends T> s) {
        return s instanceof RawStream<? extends T> r ? (RawStream<T>) r : new Adapter<>(s);
    }

    /**
     * Polls any stream raw, without making an adapter.
     *
     * @param s the stream
     * @param cx the context
     * @return what {@link #pollRaw} returns
     */
    public static Object poll(AsyncStream<?> s, Context cx) {
        return s instanceof RawStream<?> r ? r.pollRaw(cx) : unwrap(s.pollNext(cx));
    }

    /** A user's poll as a raw result ({@code AsyncStream.end()} unwraps to {@link #END}). */
    private static Object unwrap(Poll<?> p) {
        return p instanceof Poll.Ready<?> r ? r.value() : PENDING;
    }

    /** A user-written stream seen through the raw protocol. */
    private static final class Adapter<T> extends RawStream<T> {
        private final AsyncStream<? extends T> stream;

        Adapter(AsyncStream<? extends T> stream) {
            this.stream = stream;
        }

        @Override
        public Object pollRaw(Context cx) {
            return unwrap(stream.pollNext(cx));
        }

        @Override
        public void cancel() {
            stream.cancel();
        }

        @Override
        public String toString() {
            return stream.toString();
        }
    }
}
