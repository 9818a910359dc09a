package dev.spindle;

import dev.spindle.internal.CompletingFuture;
import dev.spindle.internal.JoinAll;
import dev.spindle.internal.SelectFuture;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Combinators of several futures (as {@code Collectors} is to streams): run them concurrently
 * within one task, and wait for all ({@code join}), the first ({@code select}), or the first
 * success ({@code race}).
 *
 * <p>All of them poll their futures from the task that polls the combinator: no task is
 * spawned, so they add concurrency, not parallelism. For parallelism, spawn tasks and join
 * their {@link JoinHandle}s.
 */
public final class Futures {
    private Futures() {
    }

    /**
     * The values of two joined futures.
     *
     * @param first the first future's value
     * @param second the second future's value
     * @param <A> the first type
     * @param <B> the second type
     */
    public record Joined2<A, B>(A first, B second) {
    }

    /**
     * The values of three joined futures.
     *
     * @param first the first future's value
     * @param second the second future's value
     * @param third the third future's value
     * @param <A> the first type
     * @param <B> the second type
     * @param <C> the third type
     */
    public record Joined3<A, B, C>(A first, B second, C third) {
    }

    /**
     * The outcome of a {@link #select}: which future won and its value.
     *
     * @param index the position of the winner among the arguments
     * @param value its value
     * @param <T> the value type
     */
    public record Selected<T>(int index, T value) {
    }

    /**
     * Waits for both futures. If one fails, the other is still awaited, then the first failure
     * is thrown (the second added as suppressed), as {@link #joinAll} does.
     *
     * @implNote Cancel safety: cancelling the join cancels both futures; the join is as
     *     cancel-safe as they are.
     * @param a the first future
     * @param b the second future
     * @param <A> the first type
     * @param <B> the second type
     * @return a future of both values
     */
    @SuppressWarnings("unchecked")
    public static <A, B> Future<Joined2<A, B>> join(Future<? extends A> a, Future<? extends B> b) {
        return new JoinAll<Object>(List.of(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b")), false)
                .map(l -> new Joined2<>((A) l.get(0), (B) l.get(1)));
    }

    /**
     * Waits for three futures; failures as {@link #join(Future, Future)}.
     *
     * @param a the first future
     * @param b the second future
     * @param c the third future
     * @param <A> the first type
     * @param <B> the second type
     * @param <C> the third type
     * @return a future of the three values
     */
    @SuppressWarnings("unchecked")
    public static <A, B, C> Future<Joined3<A, B, C>> join(Future<? extends A> a, Future<? extends B> b, Future<? extends C> c) {
        return new JoinAll<Object>(List.of(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"),
                Objects.requireNonNull(c, "c")), false)
                .map(l -> new Joined3<>((A) l.get(0), (B) l.get(1), (C) l.get(2)));
    }

    /**
     * Waits for every future and returns their values in order. A failure does not stop the
     * others: once all have completed, the first failure is thrown with the later ones added as
     * suppressed. Each future is polled only when its own waker fires, so joining many futures
     * costs O(1) per wakeup.
     *
     * @implNote Cancel safety: cancelling the join cancels every future not yet complete.
     * @param futures the futures
     * @param <T> the value type
     * @return a future of the values, in the order of {@code futures}
     */
    public static <T> Future<List<T>> joinAll(List<? extends Future<? extends T>> futures) {
        return new JoinAll<>(futures, false);
    }

    /**
     * Waits for every future, failing fast: at the first failure the others are cancelled and
     * the failure is thrown (Rust's {@code try_join_all}).
     *
     * @implNote Cancel safety: cancelling the join cancels every future not yet complete.
     * @param futures the futures
     * @param <T> the value type
     * @return a future of the values, in order
     */
    public static <T> Future<List<T>> tryJoinAll(List<? extends Future<? extends T>> futures) {
        return new JoinAll<>(futures, true);
    }

    /**
     * Waits for the first future to complete — with a value or a failure — and cancels the
     * others (Tokio's {@code select!}). To be fair, each poll starts at a random future (the
     * runtime's {@code rngSeed} makes the order reproducible).
     *
     * @implNote Cancel safety: cancelling the select cancels every future. The losers are
     *     cancelled too: a select loop loses nothing only if every branch is cancel-safe
     *     (a {@code recv}, not a {@code send}), as each primitive's documentation states.
     * @param futures at least one future
     * @param <T> the common value type
     * @return a future of the winner's index and value; a failing winner's exception is thrown
     */
    @SafeVarargs
    public static <T> Future<Selected<T>> select(Future<? extends T>... futures) {
        return new SelectFuture<>(Arrays.asList(futures), false, false);
    }

    /**
     * As {@link #select(Future[])}, with the futures in a list.
     *
     * @param futures at least one future
     * @param <T> the common value type
     * @return a future of the winner's index and value
     */
    public static <T> Future<Selected<T>> select(List<? extends Future<? extends T>> futures) {
        return new SelectFuture<>(futures, false, false);
    }

    /**
     * As {@link #select(Future[])}, but always polls in argument order, so earlier futures win
     * ties (Tokio's {@code biased;}). Use it to give a shutdown signal priority over work.
     *
     * @param futures at least one future
     * @param <T> the common value type
     * @return a future of the winner's index and value
     */
    @SafeVarargs
    public static <T> Future<Selected<T>> selectBiased(Future<? extends T>... futures) {
        return new SelectFuture<>(Arrays.asList(futures), true, false);
    }

    /**
     * Waits for the first future to <em>succeed</em> and cancels the others; failures are set
     * aside unless every future fails, in which case the first failure is thrown with the others
     * suppressed (Rust's {@code select_ok}, JavaScript's {@code Promise.any}).
     *
     * @implNote Cancel safety: cancelling the race cancels every future.
     * @param futures at least one future
     * @param <T> the common value type
     * @return a future of the first success
     */
    @SafeVarargs
    public static <T> Future<T> race(Future<? extends T>... futures) {
        return new SelectFuture<T>(Arrays.asList(futures), false, true).map(Selected::value);
    }

    /**
     * Runs {@code future} as a task on {@code runtime} and returns a {@link CompletableFuture} of
     * its value, for code that speaks {@code java.util.concurrent}. Cancelling the
     * {@code CompletableFuture} aborts the task. A failure completes it exceptionally with the
     * task's own exception (not the {@link JoinException}); an abort, with a
     * {@link java.util.concurrent.CancellationException}.
     *
     * @param future the future
     * @param runtime where to run it
     * @param <T> the value type
     * @return the completable future
     */
    public static <T> CompletableFuture<T> toCompletableFuture(Future<T> future, AsyncRuntime runtime) {
        Objects.requireNonNull(future, "future");
        CompletableFuture<T> cf = new CompletableFuture<>();
        JoinHandle<T> handle = runtime.spawn(new CompletingFuture<>(future, cf));
        cf.whenComplete((v, t) -> {
            if (cf.isCancelled()) {
                handle.abort();
            }
        });
        return cf;
    }
}
