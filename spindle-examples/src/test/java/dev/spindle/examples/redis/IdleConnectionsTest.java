package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 idle connections: all are served, memory stays bounded by the per-connection buffers
 * (the server's own accounting), a new client is still served at once, and closing them all
 * gives everything back.
 *
 * <p>The client sockets live in a child JVM ({@link IdleClients}), so the server process needs
 * one descriptor per connection, not two. The count is 10,000 when the soft {@code ulimit -n}
 * allows it (it is 20,000 on the build machines, and the JVM raises its soft limit to the hard
 * one at start); under a lower limit it is sized down to the limit minus 1,000 descriptors of
 * headroom (half the limit for a small one), and the test says so in its output.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleConnectionsTest {
    private static final int WANTED = 10_000;

    @Test
    void tenThousandIdleConnectionsAreHeldInBoundedMemory() throws Exception {
        long limit = openFileLimit();
        int n = (int) Math.min(WANTED, Math.max(limit / 2, limit - 1_000));
        if (n < WANTED) {
            System.out.println("IdleConnectionsTest: ulimit -n is " + limit + ", testing " + n + " connections instead of " + WANTED);
        }
        assertTrue(n >= 100, "ulimit -n " + limit + " is too low for this test");
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withMaxClients(n + 10);
        try (ServerFixture fx = new ServerFixture(cfg)) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String cp = Path.of(IdleClients.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process clients = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, IdleClients.class.getName(),
                    Integer.toString(fx.port()), Integer.toString(n))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("ready", out.readLine(), "the child could not open its connections");
                assertEquals(n, fx.server.connectionCount());
                long perConnection = cfg.readBufferSize() + 1024; // a read buffer and one small reply buffer
                long buffered = fx.server.bufferedBytes();
                assertTrue(buffered <= n * perConnection, buffered + " bytes buffered for " + n + " idle connections");
                try (RespClient c = fx.client()) {
                    assertEquals("PONG", c.call("PING"));
                    assertEquals("OK", c.call("SET", "k", "v"));
                }
                clients.getOutputStream().close(); // the child closes every connection and exits
                assertTrue(clients.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, clients.exitValue());
            } finally {
                clients.destroyForcibly();
            }
            while (fx.server.connectionCount() != 0) {
                Thread.onSpinWait();
            }
            assertEquals(0, fx.server.bufferedBytes());
            assertEquals(n + 1, fx.server.acceptedCount());
        }
    }

    /** @return the soft limit of open files of this process (children inherit it) */
    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 1024;
    }
}
