package dev.spindle.examples.redis;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings of a {@link MiniRedis} server. {@link #defaults()} gives Redis's defaults where
 * Redis has one; each {@code withX} method returns a copy with one setting changed.
 *
 * @param address where to listen (port {@code 0} picks a free port)
 * @param maxClients the most connections served at once (Redis's {@code maxclients}); one more
 *     is told {@code -ERR max number of clients reached} and closed
 * @param maxBulkLength the longest bulk string a request may carry (Redis's {@code
 *     proto-max-bulk-len}, 512 MiB)
 * @param maxRequestBytes the most argument bytes of one request (Redis's {@code
 *     client-query-buffer-limit}, 1 GiB)
 * @param partialRequestTimeout how long a client may leave a request half-sent before it is
 *     disconnected, so a stalled client cannot pin a growing buffer forever
 * @param idleTimeout how long a client may stay silent between requests, or {@code null} for ever
 *     (Redis's {@code timeout 0}); subscribed clients are exempt, as in Redis
 * @param shutdownGrace how long a graceful shutdown waits for connections to finish their
 *     in-flight replies
 * @param pubSubCapacity how many messages a subscriber may fall behind before it is disconnected
 * @param readBufferSize the initial read buffer of a connection; it grows with large requests
 *     and shrinks back when they are done
 */
public record MiniRedisConfig(
        InetSocketAddress address,
        int maxClients,
        long maxBulkLength,
        long maxRequestBytes,
        Duration partialRequestTimeout,
        Duration idleTimeout,
        Duration shutdownGrace,
        int pubSubCapacity,
        int readBufferSize) {

    /** The default port, as Redis's. */
    public static final int DEFAULT_PORT = 6379;
    /** Redis's default {@code proto-max-bulk-len}: 512 MiB. */
    public static final long DEFAULT_MAX_BULK_LENGTH = 512L * 1024 * 1024;
    /** The longest bulk string the server can hold at all (a Java array's limit). */
    public static final long MAX_BULK_LENGTH_LIMIT = Integer.MAX_VALUE - 16;

    /** Checks the settings. */
    public MiniRedisConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(partialRequestTimeout, "partialRequestTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
        }
        if (maxBulkLength < 1 || maxBulkLength > MAX_BULK_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maxBulkLength must be in [1, " + MAX_BULK_LENGTH_LIMIT + "]: " + maxBulkLength);
        }
        if (maxRequestBytes < maxBulkLength) {
            throw new IllegalArgumentException("maxRequestBytes must be at least maxBulkLength: " + maxRequestBytes);
        }
        if (pubSubCapacity < 1 || readBufferSize < 64) {
            throw new IllegalArgumentException("pubSubCapacity must be positive and readBufferSize at least 64");
        }
    }

    /** @return 127.0.0.1:6379, Redis's limits, a 30 s partial-request timeout, no idle timeout */
    public static MiniRedisConfig defaults() {
        return new MiniRedisConfig(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), 10_000,
                DEFAULT_MAX_BULK_LENGTH, 1024L * 1024 * 1024, Duration.ofSeconds(30), null,
                Duration.ofSeconds(5), 1024, 4096);
    }

    /**
     * @param newAddress where to listen
     * @return a copy listening there
     */
    public MiniRedisConfig withAddress(InetSocketAddress newAddress) {
        return edit(f -> f.address = newAddress);
    }

    /**
     * @param n the most connections at once
     * @return a copy with that limit
     */
    public MiniRedisConfig withMaxClients(int n) {
        return edit(f -> f.maxClients = n);
    }

    /**
     * @param n the longest bulk string; the request limit is raised to it if it was lower
     * @return a copy with that limit
     */
    public MiniRedisConfig withMaxBulkLength(long n) {
        return edit(f -> {
            f.maxBulkLength = n;
            f.maxRequestBytes = Math.max(n, f.maxRequestBytes);
        });
    }

    /**
     * @param d the partial-request timeout
     * @return a copy with it
     */
    public MiniRedisConfig withPartialRequestTimeout(Duration d) {
        return edit(f -> f.partialRequestTimeout = d);
    }

    /**
     * @param d the idle timeout, or {@code null} for none
     * @return a copy with it
     */
    public MiniRedisConfig withIdleTimeout(Duration d) {
        return edit(f -> f.idleTimeout = d);
    }

    /**
     * @param d how long a graceful shutdown waits for the connections
     * @return a copy with it
     */
    public MiniRedisConfig withShutdownGrace(Duration d) {
        return edit(f -> f.shutdownGrace = d);
    }

    /**
     * @param n how many messages a subscriber may fall behind
     * @return a copy with it
     */
    public MiniRedisConfig withPubSubCapacity(int n) {
        return edit(f -> f.pubSubCapacity = n);
    }

    private MiniRedisConfig edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new MiniRedisConfig(f.address, f.maxClients, f.maxBulkLength, f.maxRequestBytes,
                f.partialRequestTimeout, f.idleTimeout, f.shutdownGrace, f.pubSubCapacity, f.readBufferSize);
    }

    /** The settings as mutable fields, for the {@code withX} copies. */
    private static final class Fields {
        InetSocketAddress address;
        int maxClients;
        long maxBulkLength;
        long maxRequestBytes;
        Duration partialRequestTimeout;
        Duration idleTimeout;
        Duration shutdownGrace;
        int pubSubCapacity;
        int readBufferSize;

        Fields(MiniRedisConfig c) {
            address = c.address;
            maxClients = c.maxClients;
            maxBulkLength = c.maxBulkLength;
            maxRequestBytes = c.maxRequestBytes;
            partialRequestTimeout = c.partialRequestTimeout;
            idleTimeout = c.idleTimeout;
            shutdownGrace = c.shutdownGrace;
            pubSubCapacity = c.pubSubCapacity;
            readBufferSize = c.readBufferSize;
        }
    }
}
