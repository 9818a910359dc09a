package dev.spindle.examples.redis;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A mini-redis served on a free port of 127.0.0.1 by its own multi-thread runtime, for tests
 * that drive it over real sockets. {@link #close()} shuts it down gracefully and waits for that.
 */
final class ServerFixture implements AutoCloseable {
    final AsyncRuntime runtime;
    final MiniRedis server;
    final JoinHandle<Void> serving;

    ServerFixture() {
        this(MiniRedisConfig.defaults());
    }

    /** @param config the settings; the address is replaced by 127.0.0.1 and a free port */
    ServerFixture(MiniRedisConfig config) {
        runtime = AsyncRuntime.builder().multiThread().workerThreads(2).threadName("mini-redis-test")
                .shutdownTimeout(Duration.ofSeconds(5)).build();
        server = MiniRedis.bind(config.withAddress(new InetSocketAddress("127.0.0.1", 0)));
        serving = runtime.spawn(server.run());
    }

    int port() {
        return server.localAddress().getPort();
    }

    RespClient client() {
        return new RespClient(port());
    }

    /** Shuts the server down gracefully and waits for {@link MiniRedis#run()} to complete. */
    void shutdownAndWait() {
        server.shutdown();
        runtime.blockOn(serving);
    }

    @Override
    public void close() {
        try {
            if (!serving.isFinished()) {
                shutdownAndWait();
            }
        } finally {
            server.close();
            runtime.close();
        }
    }
}
