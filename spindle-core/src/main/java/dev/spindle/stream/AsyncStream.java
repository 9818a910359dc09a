package dev.spindle.stream;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.stream.internal.Buffered;
import dev.spindle.stream.internal.FlowPublisherStream;
import dev.spindle.stream.internal.StreamOps;
import dev.spindle.stream.internal.StreamPublisher;
import dev.spindle.stream.internal.Terminal;
import dev.spindle.stream.internal.TimedOps;
import dev.spindle.time.Deadline;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collector;

/**
 * An asynchronous sequence of values driven by polling: the async {@link java.util.Iterator},
 * as Rust's {@code futures::Stream}. {@link #pollNext(Context)} is to a stream what
 * {@link Future#poll(Context)} is to a future, except that it can be ready many times.
 *
 * <p><b>The poll contract.</b> {@code pollNext} returns one of three things:
 * <ul>
 *   <li>{@code Poll.ready(item)} — the next item, never {@code null};</li>
 *   <li>{@link #end()} — the stream is over; it must not be polled again;</li>
 *   <li>{@link Poll#pending()} — no item yet; the stream has arranged for {@code cx.waker()} to be
 *       woken when it can make progress.</li>
 * </ul>
 * A {@code pollNext} that throws also ends the stream: it has released everything it held and
 * is neither polled nor cancelled again. A stream is polled by one thread at a time, like a
 * future, and never blocks the polling thread.
 *
 * <p><b>The end signal.</b> {@link #end()} is one shared {@link Poll.Ready} instance whose value
 * is a private marker; compare by identity, {@code p == AsyncStream.end()} or
 * {@link #isEnd(Poll)}, before reading an item out of a {@code Ready}. Using a shared sentinel
 * inside {@link Poll} (rather than wrapping each item in an {@code Optional}) is what keeps a
 * steady-state item free of allocation beyond the {@code Poll.ready(item)} itself; and because
 * its value is not {@code null}, code that forgets the check fails loudly with a
 * {@code ClassCastException} instead of reading the end as a {@code null} item.
 *
 * <p><b>No {@code null} items.</b> As in Reactive Streams (rule 2.13), items are never
 * {@code null}: the sources reject them, and a combinator that meets one (a {@code map} function
 * returning {@code null}, a hand-written stream returning {@code Poll.ready(null)}) cancels its
 * upstream and fails with {@link NullPointerException}.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} is Rust's drop: called at most once, on a stream
 * that has not ended and will not be polled again; it releases everything the stream holds and
 * cancels the streams and futures it owns — including every in-flight future of
 * {@link #buffered(int)}, {@link #bufferUnordered(int)} and {@link #forEachConcurrent}.
 * Cancelling a terminal future ({@link #fold}, {@link #collect}, ...) cancels its stream.
 *
 * <p><b>Laziness and fairness.</b> Like futures, streams do nothing until polled. Sources that
 * produce without waiting ({@link #of}, {@link #fromIterable}, {@link #range}, {@link #iterate})
 * spend one unit of the task's cooperative budget per item, so a task folding an endless stream
 * still yields to the scheduler every 128 items; combinators add no budget of their own beyond
 * the resources (timers, channels) they poll.
 *
 * <pre>{@code
 * Future<Long> sum = AsyncStream.range(0, 1_000)
 *         .map(i -> (long) i * i)
 *         .filter(x -> x % 3 == 0)
 *         .fold(0L, Long::sum);
 * }</pre>
 *
 * @param <T> the type of the items
 */
@FunctionalInterface
public interface AsyncStream<T> {

    /**
     * Attempts to produce the next item.
     *
     * @param cx the context of the task polling this stream; valid for this call only
     * @return {@code Poll.ready(item)}, {@link #end()}, or {@link Poll#pending()} once the waker has
     *     been registered
     */
    Poll<T> pollNext(Context cx);

    /**
     * The drop hook, as {@link Future#cancel()}: called at most once, on a stream that has not
     * ended and will never be polled again. It releases what the stream holds and cancels what
     * it owns. It must not block. The default does nothing.
     */
    default void cancel() {
    }

    // ------------------------------------------------------------------ the end signal

    /**
     * Returns the end-of-stream signal: one shared {@code Poll.Ready} instance, compared by
     * identity.
     *
     * @param <T> the item type the caller expects
     * @return the end sentinel
     */
    @SuppressWarnings("unchecked")
    static <T> Poll<T> end() {
        return (Poll<T>) StreamOps.END;
    }

    /**
     * Whether {@code p} is the {@link #end()} signal.
     *
     * @param p a result of {@link #pollNext}
     * @return {@code true} for the end sentinel, {@code false} for an item or pending
     */
    static boolean isEnd(Poll<?> p) {
        return p == StreamOps.END;
    }

    // ------------------------------------------------------------------ generators

    /**
     * Yields {@code item} from an {@link dev.spindle.Async @Async} generator (a method returning
     * {@code AsyncStream<T>}), suspending until the consumer asks for the next item. The build
     * step rewrites the call; a generator ends with {@code return AsyncStream.empty()}.
     *
     * <p>Reached at run time, the call was not rewritten: it throws rather than block a thread.
     *
     * @param item the item, not {@code null}
     * @param <T> the item type
     * @throws IllegalStateException always, when the calling method was not transformed
     */
    static <T> void emit(T item) {
        throw new IllegalStateException(
                "AsyncStream.emit() was called in a method that Spindle's transformer did not rewrite: "
                        + "annotate the generator with @dev.spindle.Async and build with spindle-maven-plugin "
                        + "(or run with -javaagent:spindle-agent.jar); emit() never blocks a thread");
    }

    // ------------------------------------------------------------------ sources

    /**
     * Returns the stream that ends at once.
     *
     * @param <T> the item type
     * @return the shared empty stream
     */
    @SuppressWarnings("unchecked")
    static <T> AsyncStream<T> empty() {
        return (AsyncStream<T>) StreamOps.EMPTY;
    }

    /**
     * Returns a stream of the given items, in order.
     *
     * @param items the items; neither the array nor any item may be {@code null}
     * @param <T> the item type
     * @return the stream
     * @throws NullPointerException if an item is {@code null}
     */
    @SafeVarargs
    static <T> AsyncStream<T> of(T... items) {
        Objects.requireNonNull(items, "items");
        for (int i = 0; i < items.length; i++) {
            if (items[i] == null) {
                throw new NullPointerException("AsyncStream.of: item " + i + " is null (streams carry no null items)");
            }
        }
        return new StreamOps.FromIterator<>(Arrays.asList(items.clone()));
    }

    /**
     * Returns a stream of the items of {@code iterable}, in its iteration order. The iterator is
     * taken at the first poll; a {@code null} item fails the stream with
     * {@link NullPointerException} when it is reached.
     *
     * @param iterable the items
     * @param <T> the item type
     * @return the stream
     */
    static <T> AsyncStream<T> fromIterable(Iterable<? extends T> iterable) {
        return new StreamOps.FromIterator<>(Objects.requireNonNull(iterable, "iterable"));
    }

    /**
     * Returns the integers from {@code startInclusive} up to {@code endExclusive}.
     *
     * @param startInclusive the first value
     * @param endExclusive one past the last value; an empty stream if not above the start
     * @return the stream
     */
    static AsyncStream<Integer> range(int startInclusive, int endExclusive) {
        return new StreamOps.Range(startInclusive, endExclusive);
    }

    /**
     * Returns the endless stream {@code seed, next(seed), next(next(seed)), ...}
     * ({@code Stream.iterate}); bound it with {@link #take} or {@link #takeWhile}.
     *
     * @param seed the first item, not {@code null}
     * @param next computes each item from the previous one; must not return {@code null}
     * @param <T> the item type
     * @return the stream
     */
    static <T> AsyncStream<T> iterate(T seed, UnaryOperator<T> next) {
        return new StreamOps.Iterate<>(Objects.requireNonNull(seed, "seed"), Objects.requireNonNull(next, "next"));
    }

    /**
     * Returns a stream built from a state by an asynchronous step (Rust's {@code stream::unfold}):
     * for each item, {@code step(state)} is polled to completion; a {@code Map.Entry} of
     * {@code (item, nextState)} yields the item and moves on, {@code null} ends the stream.
     *
     * <pre>{@code
     * AsyncStream<Page> pages = AsyncStream.unfold(firstToken,
     *         token -> token == null ? Future.ready(null)
     *                 : api.fetch(token).map(page -> Map.entry(page, page.nextToken())));
     * }</pre>
     *
     * @param seed the initial state
     * @param step builds the future of the next (item, state), or of {@code null} to end
     * @param <S> the state type
     * @param <T> the item type
     * @return the stream
     */
    static <S, T> AsyncStream<T> unfold(S seed,
            Function<? super S, ? extends Future<? extends Map.Entry<? extends T, ? extends S>>> step) {
        return new StreamOps.Unfold<>(seed, Objects.requireNonNull(step, "step"));
    }

    /**
     * Returns an endless stream of the ticks of {@code Time.interval(period)}: the first tick at
     * the first poll, then one every {@code period}, each item the deadline the tick was
     * scheduled for. Missed ticks burst ({@code MissedTickBehavior.BURST}).
     *
     * @param period positive
     * @return the stream; it must be polled inside a runtime
     */
    static AsyncStream<Deadline> interval(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("interval period must be positive: " + period);
        }
        return new TimedOps.IntervalStream(period);
    }

    /**
     * Returns a stream whose first poll throws {@code failure} (as is, even a checked exception).
     *
     * @param failure the failure
     * @param <T> the item type
     * @return the failing stream
     */
    static <T> AsyncStream<T> error(Throwable failure) {
        return new StreamOps.Error<>(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Adapts a {@link Flow.Publisher}, requesting at most 32 items ahead of the consumer; see
     * {@link #fromPublisher(Flow.Publisher, int)}.
     *
     * @param publisher the publisher
     * @param <T> the item type
     * @return the stream
     */
    static <T> AsyncStream<T> fromPublisher(Flow.Publisher<? extends T> publisher) {
        return fromPublisher(publisher, 32);
    }

    /**
     * Adapts a {@link Flow.Publisher} with demand-driven backpressure. The stream subscribes at
     * its first poll and requests only while it is polled: never more than {@code prefetch}
     * items are requested and not yet consumed, so it never buffers more than it asked for
     * (it requests again once half the window has been consumed). {@code onError} fails the
     * stream with the publisher's exception; {@code onComplete} ends it. Cancelling the stream
     * cancels the subscription. A publisher that sends more than was requested (rule 1.1) fails
     * the stream with {@link IllegalStateException} and is cancelled.
     *
     * @param publisher the publisher
     * @param prefetch the demand window, at least 1
     * @param <T> the item type
     * @return the stream
     */
    static <T> AsyncStream<T> fromPublisher(Flow.Publisher<? extends T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "publisher");
        return new FlowPublisherStream<T>(prefetch).subscribingTo(publisher);
    }

    /**
     * Returns a cold publisher: each subscriber gets a fresh stream from {@code streams}, run as
     * its own task on {@code runtime}, so any number may subscribe (multicast by re-running, as
     * {@code Flux.defer}). See {@link #toPublisher(AsyncRuntime)} for the delivery rules.
     *
     * @param streams builds one stream per subscriber
     * @param runtime where the streams are polled
     * @param <T> the item type
     * @return the publisher
     */
    static <T> Flow.Publisher<T> publisher(java.util.function.Supplier<? extends AsyncStream<? extends T>> streams,
            AsyncRuntime runtime) {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(runtime, "runtime");
        return StreamPublisher.cold(streams, runtime);
    }

    // ------------------------------------------------------------------ combinators

    /**
     * Returns a stream of {@code fn} applied to each item.
     *
     * @param fn the function; must not return {@code null}
     * @param <R> the result type
     * @return the mapped stream
     */
    default <R> AsyncStream<R> map(Function<? super T, ? extends R> fn) {
        return new StreamOps.Map<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a stream of the items that satisfy {@code predicate}.
     *
     * @param predicate the test
     * @return the filtered stream
     */
    default AsyncStream<T> filter(Predicate<? super T> predicate) {
        return new StreamOps.Filter<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * Returns a stream of the values of the futures {@code fn} builds, one item at a time (Rust's
     * {@code then}): the next item is pulled only after the previous future completed. For
     * several at once, see {@link #buffered(int, Function)}.
     *
     * @param fn builds a future from each item; its value must not be {@code null}
     * @param <R> the result type
     * @return the stream
     */
    default <R> AsyncStream<R> then(Function<? super T, ? extends Future<? extends R>> fn) {
        return new StreamOps.Then<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns the concatenation of the streams {@code fn} builds from each item (Rust's
     * {@code flat_map}): each inner stream is drained before the next item is pulled.
     *
     * @param fn builds a stream from each item
     * @param <R> the result type
     * @return the flattened stream
     */
    default <R> AsyncStream<R> flatMap(Function<? super T, ? extends AsyncStream<? extends R>> fn) {
        return new StreamOps.FlatMap<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a stream of at most the first {@code n} items; once it has them, it cancels this
     * stream without polling it again.
     *
     * @param n how many, not negative
     * @return the limited stream
     * @throws IllegalArgumentException if {@code n} is negative
     */
    default AsyncStream<T> take(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("take(n) needs n >= 0, got " + n);
        }
        return new StreamOps.Take<>(this, n);
    }

    /**
     * Returns a stream without the first {@code n} items.
     *
     * @param n how many to drop, not negative
     * @return the stream
     * @throws IllegalArgumentException if {@code n} is negative
     */
    default AsyncStream<T> skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip(n) needs n >= 0, got " + n);
        }
        return new StreamOps.Skip<>(this, n);
    }

    /**
     * Returns the items up to (not including) the first that fails {@code predicate}; this stream
     * is then cancelled.
     *
     * @param predicate the test
     * @return the stream
     */
    default AsyncStream<T> takeWhile(Predicate<? super T> predicate) {
        return new StreamOps.TakeWhile<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * Returns this stream's items followed by {@code next}'s. {@code next} is not polled before
     * this stream ends; cancelling the chain cancels both (whichever have not ended).
     *
     * @param next the stream that follows
     * @return the chained stream
     */
    default AsyncStream<T> chain(AsyncStream<? extends T> next) {
        return new StreamOps.Chain<>(this, Objects.requireNonNull(next, "next"));
    }

    /**
     * Returns pairs of this stream's and {@code other}'s items, in step; it ends when either
     * ends (the other is then cancelled).
     *
     * @param other the second stream
     * @param <U> its item type
     * @return the zipped stream
     */
    default <U> AsyncStream<Futures.Joined2<T, U>> zip(AsyncStream<? extends U> other) {
        return zip(other, Futures.Joined2::new);
    }

    /**
     * Returns {@code fn} applied to this stream's and {@code other}'s items, in step; it ends when
     * either ends (the other is then cancelled). Both are polled concurrently for each pair.
     *
     * @param other the second stream
     * @param fn combines a pair; must not return {@code null}
     * @param <U> the second item type
     * @param <R> the result type
     * @return the zipped stream
     */
    default <U, R> AsyncStream<R> zip(AsyncStream<? extends U> other,
            BiFunction<? super T, ? super U, ? extends R> fn) {
        return new StreamOps.Zip<>(this, Objects.requireNonNull(other, "other"), Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns the items of this stream and {@code other} as they come, ending when both have
     * ended. Fair: each poll starts with the stream the previous poll did not start with, so a
     * stream that is always ready cannot starve the other.
     *
     * @param other the second stream
     * @return the merged stream
     */
    default AsyncStream<T> merge(AsyncStream<? extends T> other) {
        return new StreamOps.Merge<>(List.of(this, Objects.requireNonNull(other, "other")));
    }

    /**
     * Returns the items of all {@code streams} as they come, ending when all have ended; each
     * poll starts one stream further round, so none is starved.
     *
     * @param streams the streams
     * @param <T> the item type
     * @return the merged stream
     */
    static <T> AsyncStream<T> merge(List<? extends AsyncStream<? extends T>> streams) {
        Objects.requireNonNull(streams, "streams");
        for (int i = 0; i < streams.size(); i++) {
            Objects.requireNonNull(streams.get(i), "stream " + i);
        }
        return new StreamOps.Merge<>(List.copyOf(streams));
    }

    /**
     * On a stream of futures, runs up to {@code n} of them at once and yields their values in the
     * order of the stream (Rust's {@code buffered}). A future that completes early waits for
     * those before it; no more than {@code n} futures (running or waiting) are ever held. The
     * items must be {@link Future}s (the method cannot say so in Java's types); for a typed form
     * use {@link #buffered(int, Function)}.
     *
     * <p>The first failure of a future or of this stream fails the buffered stream and cancels
     * every future still in flight. Cancelling the buffered stream cancels them all too.
     *
     * @param n the most futures in flight, at least 1
     * @param <R> the futures' value type
     * @return the stream of values
     * @throws IllegalArgumentException if {@code n < 1}
     */
    @SuppressWarnings("unchecked")
    default <R> AsyncStream<R> buffered(int n) {
        return new Buffered<>((AsyncStream<Object>) this, Buffered.requireFuture(), n, true);
    }

    /**
     * {@code map(fn).buffered(n)}, typed: runs up to {@code n} of the futures {@code fn} builds at
     * once and yields their values in the order of the items.
     *
     * @param n the most futures in flight, at least 1
     * @param fn builds a future from each item
     * @param <R> the futures' value type
     * @return the stream of values
     */
    default <R> AsyncStream<R> buffered(int n, Function<? super T, ? extends Future<? extends R>> fn) {
        return new Buffered<>(this, Objects.requireNonNull(fn, "fn"), n, true);
    }

    /**
     * As {@link #buffered(int)}, but yields each value as soon as its future completes (Rust's
     * {@code buffer_unordered}): completion order, not stream order.
     *
     * @param n the most futures in flight, at least 1
     * @param <R> the futures' value type
     * @return the stream of values
     * @throws IllegalArgumentException if {@code n < 1}
     */
    @SuppressWarnings("unchecked")
    default <R> AsyncStream<R> bufferUnordered(int n) {
        return new Buffered<>((AsyncStream<Object>) this, Buffered.requireFuture(), n, false);
    }

    /**
     * {@code map(fn).bufferUnordered(n)}, typed (Reactor's {@code flatMap(fn, n)} for single
     * values, Akka's {@code mapAsyncUnordered}).
     *
     * @param n the most futures in flight, at least 1
     * @param fn builds a future from each item
     * @param <R> the futures' value type
     * @return the stream of values, in completion order
     */
    default <R> AsyncStream<R> bufferUnordered(int n, Function<? super T, ? extends Future<? extends R>> fn) {
        return new Buffered<>(this, Objects.requireNonNull(fn, "fn"), n, false);
    }

    /**
     * Returns the items in lists of {@code n}; the last list may be shorter. Each list is a new
     * {@link java.util.ArrayList} the caller owns.
     *
     * @param n the chunk size, at least 1
     * @return the stream of chunks
     * @throws IllegalArgumentException if {@code n < 1}
     */
    default AsyncStream<List<T>> chunks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunks(n) needs n >= 1, got " + n);
        }
        return new StreamOps.Chunks<>(this, n);
    }

    /**
     * Returns the items in lists of at most {@code n}, emitting a shorter list when
     * {@code timeout} has passed since the first item of the list arrived (Tokio's
     * {@code chunks_timeout}). Never emits an empty list.
     *
     * @param n the most items per chunk, at least 1
     * @param timeout how long the first item of a chunk may wait, positive
     * @return the stream of chunks; it must be polled inside a runtime
     */
    default AsyncStream<List<T>> chunksTimeout(int n, Duration timeout) {
        if (n < 1) {
            throw new IllegalArgumentException("chunksTimeout(n, d) needs n >= 1, got " + n);
        }
        return new TimedOps.ChunksTimeout<>(this, n, TimedOps.positive(timeout, "chunksTimeout"));
    }

    /**
     * Returns the same items, at most one per {@code period}: after an item is yielded the next
     * one is not pulled from this stream before {@code period} has passed (Tokio's
     * {@code throttle}). Items are delayed, never dropped.
     *
     * @param period the minimum spacing, positive
     * @return the throttled stream; it must be polled inside a runtime
     */
    default AsyncStream<T> throttle(Duration period) {
        return new TimedOps.Throttle<>(this, TimedOps.positive(period, "throttle"));
    }

    /**
     * Returns the same items, failing with {@link dev.spindle.time.ElapsedException} (and
     * cancelling this stream) if the next item or the end takes longer than {@code limit} to
     * arrive, measured from the poll that started waiting for it.
     *
     * @param limit the most time between items, positive
     * @return the limited stream; it must be polled inside a runtime
     */
    default AsyncStream<T> timeout(Duration limit) {
        return new TimedOps.StreamTimeout<>(this, TimedOps.positive(limit, "timeout"));
    }

    // ------------------------------------------------------------------ terminal futures

    /**
     * Returns a future of the next item, or of {@code null} if the stream has ended (items are
     * never {@code null}, so the two cannot be confused). Polling it polls the stream.
     *
     * @implNote Cancel safety: cancel-safe. The future takes an item out of the stream only in
     *     the poll that completes it, so cancelling it loses no item; the stream itself is not
     *     cancelled and can be read on by another {@code next()} — which makes {@code next()}
     *     the one to use in a {@link Futures#select select} loop.
     * @return the future
     */
    default Future<T> next() {
        return new Terminal.Next<>(this);
    }

    /**
     * Returns a future of the items gathered by {@code collector} ({@code Stream.collect}).
     *
     * @implNote Cancel safety: not cancel-safe: cancelling the future cancels the stream and
     *     drops the items gathered so far.
     * @param collector how to gather
     * @param <A> the accumulation type
     * @param <R> the result type
     * @return the future of the result
     */
    default <A, R> Future<R> collect(Collector<? super T, A, R> collector) {
        return new Terminal.Collect<>(this, Objects.requireNonNull(collector, "collector"));
    }

    /**
     * Returns a future of the items in a list, as {@code collect(Collectors.toList())}.
     *
     * @implNote Cancel safety: as {@link #collect}.
     * @return the future of the list
     */
    default Future<List<T>> toList() {
        return collect(java.util.stream.Collectors.toList());
    }

    /**
     * Returns a future of {@code fn} folded over the items from {@code initial}.
     *
     * @implNote Cancel safety: not cancel-safe: cancelling the future cancels the stream and
     *     drops the partial result.
     * @param initial the starting value
     * @param fn combines the accumulator with an item
     * @param <R> the result type
     * @return the future of the result
     */
    default <R> Future<R> fold(R initial, BiFunction<R, ? super T, R> fn) {
        return new Terminal.Fold<>(this, initial, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a future that runs {@code action} on each item and completes when the stream ends.
     * If {@code action} throws, the stream is cancelled and the future fails.
     *
     * @implNote Cancel safety: cancelling the future cancels the stream; every item already
     *     pulled has been given to {@code action}.
     * @param action the action
     * @return the future
     */
    default Future<Void> forEach(Consumer<? super T> action) {
        return new Terminal.ForEach<>(this, Objects.requireNonNull(action, "action"));
    }

    /**
     * Returns a future that runs the future {@code action} builds for each item, one after
     * another, and completes when the stream ends (Rust's {@code try_for_each}): at the first
     * failure — of an action's future or of the stream — the stream is cancelled and the
     * future fails with it.
     *
     * @implNote Cancel safety: cancelling the future cancels the running action future and the
     *     stream.
     * @param action builds the future for an item
     * @return the future
     */
    default Future<Void> tryForEach(Function<? super T, ? extends Future<?>> action) {
        return new Terminal.ForEachConcurrent<>(this, 1, Objects.requireNonNull(action, "action"));
    }

    /**
     * Returns a future that runs the futures {@code action} builds, up to {@code limit} at once,
     * and completes when the stream has ended and all of them have completed (Rust's
     * {@code try_for_each_concurrent}; Java reports failures by exception, so there is one
     * variant). The stream is pulled only while fewer than {@code limit} are running. At the
     * first failure — of {@code action}, one of its futures, or the stream — the stream and every
     * future in flight are cancelled and the future fails with that failure.
     *
     * @implNote Cancel safety: cancelling the future cancels the stream and every action future in
     *     flight.
     * @param limit the most futures in flight, at least 1
     * @param action builds the future for an item
     * @return the future
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    default Future<Void> forEachConcurrent(int limit, Function<? super T, ? extends Future<?>> action) {
        if (limit < 1) {
            throw new IllegalArgumentException("forEachConcurrent(limit, f) needs limit >= 1, got " + limit);
        }
        return new Terminal.ForEachConcurrent<>(this, limit, Objects.requireNonNull(action, "action"));
    }

    /**
     * Returns a unicast {@link Flow.Publisher} of this stream's items, polled by a task on
     * {@code runtime} only while the subscriber has outstanding demand: nothing is pulled ahead
     * of {@code request(n)}, so nothing is buffered. The stream's end is {@code onComplete}, its
     * failure {@code onError} (once); {@code cancel()} cancels the stream. A {@code request} of
     * zero or a negative amount signals {@code onError(IllegalArgumentException)} and cancels the
     * stream (rule 3.9). The stream can be consumed once, so only the first subscriber gets it; a
     * later one gets {@code onError(IllegalStateException)}. For a publisher that serves many
     * subscribers use {@link #publisher(java.util.function.Supplier, AsyncRuntime)}.
     *
     * @param runtime where the stream is polled
     * @return the publisher
     */
    default Flow.Publisher<T> toPublisher(AsyncRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        return StreamPublisher.unicast(this, runtime);
    }
}
