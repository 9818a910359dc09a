package dev.spindle;

/**
 * The result of one {@link Future#poll(Context) poll}: either {@link Ready} with the future's
 * value, or {@link Pending}, meaning the future registered the context's waker and will be
 * woken when it can make progress.
 *
 * <p>This is Rust's {@code std::task::Poll}. Failures are not a variant: a future that fails
 * throws from {@code poll}, and the exception travels up the chain of polls the way a Rust
 * {@code Err} travels up through {@code ?}.
 *
 * <pre>{@code
 * Poll<String> p = future.poll(cx);
 * if (p instanceof Poll.Ready<String> r) {
 *     use(r.value());
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 */
public sealed interface Poll<T> permits Poll.Ready, Poll.Pending {

    /**
     * Returns a ready result. {@code Poll.ready(null)} returns a shared instance, so completing a
     * {@code Future<Void>} allocates nothing.
     *
     * @param value the value, may be {@code null}
     * @param <T> the value type
     * @return a {@link Ready} holding {@code value}
     */
    @SuppressWarnings("unchecked")
    static <T> Poll<T> ready(T value) {
        return value == null ? (Poll<T>) Ready.NULL : new Ready<>(value);
    }

    /**
     * Returns the pending singleton.
     *
     * @param <T> the value type the caller expects
     * @return {@link Pending#INSTANCE}
     */
    @SuppressWarnings("unchecked")
    static <T> Poll<T> pending() {
        return (Poll<T>) Pending.INSTANCE;
    }

    /** @return {@code true} for {@link Ready}, {@code false} for {@link Pending} */
    boolean isReady();

    /**
     * The future completed with {@code value}.
     *
     * @param value the value, may be {@code null}
     * @param <T> the value type
     */
    record Ready<T>(T value) implements Poll<T> {
        static final Ready<Object> NULL = new Ready<>(null);

        @Override
        public boolean isReady() {
            return true;
        }
    }

    /** The future cannot make progress yet; it will wake the waker it was given. */
    enum Pending implements Poll<Object> {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean isReady() {
            return false;
        }
    }
}
