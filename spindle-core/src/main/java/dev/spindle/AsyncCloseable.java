package dev.spindle;

/**
 * A resource whose release is asynchronous (flushing a buffer, a goodbye message, returning a
 * connection to a pool), for try-with-resources inside {@link Async @Async} methods:
 *
 * <pre>{@code
 * @Async
 * Future<Void> send(Pool pool, byte[] data) {
 *     try (Connection c = pool.get().await()) {   // Connection implements AsyncCloseable
 *         c.write(data).await();
 *     }                                           // awaits c.closeAsync(), even when cancelled
 *     return Future.ready(null);
 * }
 * }</pre>
 *
 * <p>Java's try-with-resources calls {@code void close()}, so the asynchronous close has its own
 * name, {@link #closeAsync()}. Inside an {@code @Async} method the transformer rewrites each
 * {@code close()} call on an {@code AsyncCloseable} (the ones try-with-resources makes, and
 * explicit ones) into {@code closeAsync().await()}. Reached untransformed, {@code close()}
 * throws rather than block a thread.
 */
public interface AsyncCloseable extends AutoCloseable {

    /**
     * Releases the resource; the returned future completes once it is released.
     *
     * @implNote Cancel safety: implementation-defined; a cancelled close should still release
     *     what it can synchronously, as the cancelled future's {@code cancel()}.
     * @return a future completing when the resource is closed
     */
    Future<Void> closeAsync();

    /**
     * Closing synchronously is not supported: inside an {@code @Async} method this call is
     * rewritten into {@code closeAsync().await()}.
     *
     * @throws IllegalStateException always, when the calling method was not transformed
     */
    @Override
    default void close() {
        throw new IllegalStateException(
                "AsyncCloseable.close() was called in a method that Spindle's transformer did not rewrite: "
                        + "use the resource in an @dev.spindle.Async method built with spindle-maven-plugin "
                        + "(or run with -javaagent:spindle-agent.jar), or await closeAsync(); close() never blocks");
    }
}
