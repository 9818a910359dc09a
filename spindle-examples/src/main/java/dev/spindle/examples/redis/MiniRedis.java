package dev.spindle.examples.redis;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.sync.CancellationToken;
import dev.spindle.sync.Semaphore;
import dev.spindle.sync.SemaphorePermit;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mini-redis: a Redis server on Spindle, speaking RESP2 to real Redis clients ({@code redis-cli},
 * {@code redis-benchmark}, client libraries).
 *
 * <pre>{@code
 * MiniRedis server = MiniRedis.bind(MiniRedisConfig.defaults());   // 127.0.0.1:6379
 * try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().build()) {
 *     rt.blockOn(server.runUntil(Signals.ctrlC()));                 // serves until Ctrl-C
 * }
 * }</pre>
 *
 * <p>Commands: PING, ECHO, GET, SET (EX, PX, NX, XX), DEL, EXISTS, INCR, EXPIRE, TTL, PUBLISH,
 * SUBSCRIBE, UNSUBSCRIBE, CONFIG GET ({@code save}, {@code appendonly}), COMMAND, QUIT; requests
 * as RESP arrays or inline; pipelining (every complete request in a read is answered by one
 * write). Keys expire on the runtime's clock ({@link Db}). At most {@link
 * MiniRedisConfig#maxClients()} connections are served at once, counted by a {@link Semaphore}.
 * Nothing is persisted.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} (or the signal given to {@link #runUntil}) stops
 * accepting, lets every connection write the replies of the requests it has read, closes them,
 * and makes {@link #run()} complete — after at most {@link MiniRedisConfig#shutdownGrace()};
 * connections still busy then (a client that does not read its replies) are left to the runtime's
 * close, which cancels them.
 */
public final class MiniRedis implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * One task accepts; each connection is its own task (Connection.serve); one more task purges
     * expired keys (Db.purgeExpired). The connection limit is a Semaphore of maxClients permits:
     * the accept loop takes one with tryAcquire for each connection (a refused client gets an
     * error, as Redis answers, instead of waiting unserved in the backlog) and the connection
     * gives it back when it closes. Graceful shutdown reuses the semaphore: once accepting has
     * stopped, acquiring all maxClients permits completes exactly when every connection has
     * closed, with no list of connections to keep.
     *
     * The shutdown signal is a CancellationToken: every connection selects on its cancelled()
     * future while waiting for input, so an idle connection ends at once, and a busy one ends
     * after writing what it owes (it checks isShuttingDown() before each wait).
     *
     * Accept failures other than closing the listener (EMFILE: out of file descriptors) are
     * retried after a short sleep, so a full descriptor table slows accepting down instead of
     * spinning a worker or ending the server.
     */

    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(50);
    private static final byte[] TOO_MANY = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final MiniRedisConfig config;
    private final TcpListener listener;
    private final Db db = new Db();
    private final PubSub pubsub;
    private final Commands commands;
    private final Semaphore limit;
    private final CancellationToken shutdown = new CancellationToken();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bufferBytes = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private MiniRedis(MiniRedisConfig config, TcpListener listener) {
        this.config = config;
        this.listener = listener;
        this.pubsub = new PubSub(config.pubSubCapacity());
        this.commands = new Commands(db, pubsub);
        this.limit = new Semaphore(config.maxClients());
    }

    /**
     * Binds the server's listening socket (at once, so that the port is known before {@link
     * #run()}); serving starts when {@code run()} is polled.
     *
     * @param config the settings
     * @return the server
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static MiniRedis bind(MiniRedisConfig config) {
        TcpListener l = TcpListener.bind(config.address(), Math.max(TcpListener.DEFAULT_BACKLOG, Math.min(config.maxClients(), 65_535)));
        return new MiniRedis(config, l);
    }

    /** @return the address the server listens on (with the chosen port) */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    /** @return the settings */
    public MiniRedisConfig config() {
        return config;
    }

    /**
     * Serves clients until {@link #shutdown()}, then finishes gracefully (see the class comment).
     *
     * @return the future of the server: completes once shut down
     * @implNote Cancel safety: cancelling it stops accepting and closes the listener; the
     *     connection tasks are not cancelled with it (they end with the runtime, or by {@link
     *     #shutdown()}).
     */
    @Async
    public Future<Void> run() {
        JoinHandle<Void> purge = Task.spawn(db.purgeExpired());
        try {
            while (!shutdown.isCancelled()) {
                Futures.Selected<Object> next;
                try {
                    next = Futures.<Object>selectBiased(shutdown.cancelled(), listener.accept()).await();
                } catch (UncheckedIOException e) {
                    if (!listener.channel().isOpen()) {
                        break;
                    }
                    Time.sleep(ACCEPT_BACKOFF).await();
                    continue;
                }
                if (next.index() == 0) {
                    break;
                }
                admit((TcpStream) next.value());
            }
        } finally {
            listener.close();
        }
        try {
            SemaphorePermit all = Time.timeout(config.shutdownGrace(), limit.acquire(config.maxClients())).await();
            all.close();
        } catch (ElapsedException e) {
            // Connections that did not finish in the grace period end with the runtime.
        }
        purge.abort();
        return Future.ready(null);
    }

    /**
     * Runs the server until {@code signal} completes (for instance {@code Signals.ctrlC()}), then
     * shuts it down gracefully.
     *
     * @param signal the shutdown signal
     * @return the future of the server
     * @implNote Cancel safety: as {@link #run()}; the signal is cancelled too.
     */
    @Async
    public Future<Void> runUntil(Future<?> signal) {
        JoinHandle<Void> watcher = Task.spawn(shutdownOn(signal));
        try {
            run().await();
        } finally {
            watcher.abort();
        }
        return Future.ready(null);
    }

    @Async
    private Future<Void> shutdownOn(Future<?> signal) {
        signal.await();
        shutdown();
        return Future.ready(null);
    }

    /** Starts a graceful shutdown; {@link #run()} completes when it is done. Idempotent. */
    public void shutdown() {
        shutdown.cancel();
    }

    /** @return whether {@link #shutdown()} has been called */
    public boolean isShuttingDown() {
        return shutdown.isCancelled();
    }

    /** @return how many connections are being served now */
    public int connectionCount() {
        return connections.get();
    }

    /** @return how many connections have been accepted and served since the start */
    public long acceptedCount() {
        return accepted.get();
    }

    /** @return how many connections were refused for the connection limit */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * @return the bytes of read and reply buffers that the open connections hold now (the
     *     server's own accounting, for tests that check memory stays bounded)
     */
    public long bufferedBytes() {
        return bufferBytes.get();
    }

    /** Closes the listening socket (if {@link #run()} was never run). */
    @Override
    public void close() {
        listener.close();
    }

    /** @return whether the listening socket is open (it is closed once shutdown starts draining) */
    boolean isListening() {
        return listener.channel().isOpen();
    }

    Db db() {
        return db;
    }

    PubSub pubsub() {
        return pubsub;
    }

    Future<Void> shutdownSignal() {
        return shutdown.cancelled();
    }

    void accountBytes(long delta) {
        if (delta != 0) {
            bufferBytes.addAndGet(delta);
        }
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    private void admit(TcpStream stream) {
        Optional<SemaphorePermit> permit = limit.tryAcquire();
        if (permit.isEmpty()) {
            refused.incrementAndGet();
            Task.spawn(refuse(stream));
            return;
        }
        accepted.incrementAndGet();
        connections.incrementAndGet();
        try {
            stream.setNoDelay(true);
        } catch (UncheckedIOException e) {
            // The client is already gone; its first read will tell the connection.
        }
        Task.spawn(new Connection(this, commands, stream, permit.get()).serve());
    }

    @Async
    private static Future<Void> refuse(TcpStream stream) {
        try {
            Time.timeout(Duration.ofSeconds(1), stream.writeAll(ByteBuffer.wrap(TOO_MANY))).await();
        } catch (UncheckedIOException | ElapsedException e) {
            // It is being turned away anyway.
        } finally {
            stream.close();
        }
        return Future.ready(null);
    }
}
