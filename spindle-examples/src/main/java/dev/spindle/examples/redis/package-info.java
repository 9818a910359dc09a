/**
 * mini-redis: a Redis server on Spindle ({@code ./spindle mini-redis}), written as a user of
 * Spindle writes a network server — {@code @Async} methods with {@code .await()}, one task per
 * connection, the runtime's timers, {@code Semaphore}, {@code Broadcast}, {@code Signals.ctrlC()}.
 *
 * <p>{@link dev.spindle.examples.redis.MiniRedis} is the server and its accept loop; {@code
 * Connection} serves one client (read, run every complete request, answer in one write); {@code
 * RespParser} takes RESP2 and inline requests apart incrementally and within limits; {@code
 * Commands} runs them against {@code Db} (the key space, with expiry on the runtime's clock) and
 * {@code PubSub} (a {@code Broadcast} per channel).
 */
package dev.spindle.examples.redis;
