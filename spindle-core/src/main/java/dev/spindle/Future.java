package dev.spindle;

import dev.spindle.internal.FutureOps;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An asynchronous computation that is driven by polling, as Rust's {@code std::future::Future}.
 *
 * <p><b>Lazy.</b> A future does nothing until it is polled. Creating one (calling an
 * {@code @Async} method, {@link #map}, {@link Futures#join}) only builds the computation; a task
 * ({@code Task.spawn}, {@code AsyncRuntime.blockOn}) polls it.
 *
 * <p><b>The poll contract.</b> {@link #poll(Context)} either returns {@link Poll.Ready} with the
 * value, returns {@link Poll#pending()} after arranging for {@code cx.waker()} to be woken when
 * progress is possible, or throws to fail. It never blocks the calling thread. A future is
 * polled by one thread at a time (possibly a different one each time) and must not be polled
 * again after it returned ready or threw.
 *
 * <p><b>Cancellation.</b> A future that will never be polled again before completing is given
 * {@link #cancel()} — Rust's drop — so it can release what it holds.
 *
 * <p><b>{@code await}.</b> Inside an {@link Async @Async} method, {@code f.await()} suspends until
 * {@code f} is ready and returns its value, as Rust's postfix {@code .await}.
 *
 * @param <T> the type of the value the future completes with
 */
@FunctionalInterface
public interface Future<T> {

    /**
     * Attempts to make progress.
     *
     * @param cx the context of the task polling this future; valid for this call only
     * @return {@link Poll.Ready} with the value, or {@link Poll#pending()} once the waker has
     *     been registered
     */
    Poll<T> poll(Context cx);

    /**
     * The drop hook: called at most once, on a future that has not completed and will never be
     * polled again (its task was aborted, it lost a {@link Futures#select select}, its timeout
     * elapsed). It must release everything the future holds — waiter slots, permits, timer
     * entries, I/O interest — and cancel the futures it owns. It must not block. The default
     * does nothing.
     */
    default void cancel() {
    }

    /**
     * Waits for this future inside an {@link Async @Async} method, as Rust's {@code .await}: the
     * build step rewrites the call into a suspension point.
     *
     * <p>Reached at run time, the call was not rewritten: it throws rather than block a thread.
     *
     * @return the future's value (only in a transformed method)
     * @throws IllegalStateException always, when the calling method was not transformed
     */
    default T await() {
        throw new IllegalStateException(
                "Future.await() was called in a method that Spindle's transformer did not rewrite: "
                        + "annotate the method with @dev.spindle.Async and build with spindle-maven-plugin "
                        + "(or run with -javaagent:spindle-agent.jar); await() never blocks a thread");
    }

    /**
     * Returns a future that applies {@code fn} to this future's value.
     *
     * @param fn the function, run on the polling thread
     * @param <R> the result type
     * @return the mapped future
     */
    default <R> Future<R> map(Function<? super T, ? extends R> fn) {
        return new FutureOps.Map<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a future that, once this one completes, runs the future {@code fn} returns for its
     * value (Rust's {@code and_then}, {@code CompletableFuture.thenCompose}).
     *
     * @param fn builds the next future from the value
     * @param <R> the result type
     * @return the chained future
     */
    default <R> Future<R> flatMap(Function<? super T, ? extends Future<? extends R>> fn) {
        return new FutureOps.FlatMap<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a future that, once this one completes either way, runs the future {@code fn}
     * returns for the outcome: {@code (value, null)} on success, {@code (null, failure)} on failure.
     * This is the place to recover from, or translate, a failure.
     *
     * @param fn builds the next future from the outcome
     * @param <R> the result type
     * @return the chained future
     */
    default <R> Future<R> then(BiFunction<? super T, ? super Throwable, ? extends Future<? extends R>> fn) {
        return new FutureOps.Then<>(this, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * Returns a future that calls {@code action} with the value before passing it on.
     *
     * @param action the observer
     * @return a future with the same value
     */
    default Future<T> inspect(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return map(v -> {
            action.accept(v);
            return v;
        });
    }

    /**
     * Returns a future that fails with {@link dev.spindle.time.ElapsedException} if this one does
     * not complete within {@code timeout}, cancelling this one. Same as
     * {@link Time#timeout(Duration, Future)}.
     *
     * @param timeout the time limit on the runtime's clock
     * @return the limited future
     */
    default Future<T> orTimeout(Duration timeout) {
        return Time.timeout(timeout, this);
    }

    /**
     * Returns a future that is ready with {@code value} at its first poll.
     *
     * @param value the value, may be {@code null}
     * @param <T> the value type
     * @return a completed future
     */
    static <T> Future<T> ready(T value) {
        return new FutureOps.Ready<>(value);
    }

    /**
     * Returns a future whose poll throws {@code failure} (as is, even a checked exception).
     *
     * @param failure the failure
     * @param <T> the value type
     * @return a failed future
     */
    static <T> Future<T> failed(Throwable failure) {
        return new FutureOps.Failed<>(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Returns a future that never completes (until cancelled).
     *
     * @param <T> the value type
     * @return a forever-pending future
     */
    @SuppressWarnings("unchecked")
    static <T> Future<T> pending() {
        return (Future<T>) FutureOps.NEVER;
    }

    /**
     * Returns a future whose poll is {@code fn} (Rust's {@code std::future::poll_fn}).
     *
     * @param fn the poll function; it follows the {@link #poll} contract
     * @param <T> the value type
     * @return the future
     */
    static <T> Future<T> pollFn(Function<? super Context, ? extends Poll<T>> fn) {
        Objects.requireNonNull(fn, "fn");
        return fn::apply;
    }

    /**
     * Returns a future that calls {@code supplier} at its first poll and then behaves as the
     * future it returned: the work of building the future itself is deferred until polled.
     *
     * @param supplier builds the future
     * @param <T> the value type
     * @return the deferred future
     */
    static <T> Future<T> lazy(Supplier<? extends Future<? extends T>> supplier) {
        return new FutureOps.Lazy<>(Objects.requireNonNull(supplier, "supplier"));
    }

    /**
     * Adapts a {@link CompletionStage}: the future completes with the stage's value, or fails
     * with its failure (unwrapped from {@code CompletionException}). Cancelling the future does
     * not cancel the stage, which Spindle does not own.
     *
     * @param stage the stage
     * @param <T> the value type
     * @return a future that follows the stage
     */
    static <T> Future<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        return new FutureOps.FromStage<>(Objects.requireNonNull(stage, "stage"));
    }
}
