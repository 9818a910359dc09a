package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.examples.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mini-redis driven by the real Redis tools: {@code redis-benchmark} and {@code redis-cli} (Debian
 * package {@code redis-tools}), and {@code ./spindle mini-redis}'s command line run as a
 * subprocess and stopped with Ctrl-C (SIGINT) — the smoke test of the main job.
 *
 * <p>Sizes: each redis-benchmark run sends {@code -n 20000} requests per test by default, {@code
 * -n 100000} (the figure) when {@code -Dspindle.stress} is above 1. When the tools are
 * not installed the tests are skipped, unless {@code -Dspindle.redisTools=required} or the
 * environment variable {@code CI=true} (set for {@code .ci/run}, which installs them) makes that a
 * failure.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RedisToolsTest {
    private static final int REQUESTS = Integer.getInteger("spindle.stress", 1) > 1 ? 100_000 : 20_000;
    private static ServerFixture fx;

    @BeforeAll
    static void start() {
        boolean installed = onPath("redis-cli") && onPath("redis-benchmark");
        boolean required = "required".equals(System.getProperty("spindle.redisTools"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
        if (!installed && required) {
            throw new AssertionError("redis-cli and redis-benchmark are required (apt-get install redis-tools)");
        }
        Assumptions.assumeTrue(installed, "redis-tools is not installed (apt-get install redis-tools)");
        fx = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The output (stdout and stderr merged) and exit status of a finished process. */
    record Run(int status, byte[] output) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    private static Run run(byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "did not finish: " + String.join(" ", command));
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Run cli(String... args) {
        return cli(null, args);
    }

    private static Run cli(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(fx.port())));
        cmd.addAll(List.of(args));
        return run(stdin, cmd.toArray(String[]::new));
    }

    private void benchmark(int pipeline) {
        String key = "counter:__rand_int__";
        cli("DEL", key);
        Run r = run(null, "redis-benchmark", "-p", Integer.toString(fx.port()), "-t", "ping,set,get,incr",
                "-n", Integer.toString(REQUESTS), "-c", "50", "-P", Integer.toString(pipeline), "-q");
        String out = r.text();
        assertEquals(0, r.status(), out);
        assertFalse(out.toLowerCase().contains("error"), out);
        for (String test : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR")) {
            assertTrue(out.lines().anyMatch(l -> l.contains(test + ": ") && l.contains("requests per second")),
                    test + " did not complete:\n" + out);
        }
        // Without -r redis-benchmark INCRs one key: every request must have counted once.
        assertEquals(REQUESTS + "\n", cli("GET", key).text());
    }

    @Test
    void redisBenchmarkCompletesWithoutErrors() {
        benchmark(1);
    }

    @Test
    void redisBenchmarkPipelinedCompletesWithoutErrors() {
        benchmark(16);
    }

    @Test
    void redisCliRoundTripsBinaryValues() {
        byte[] value = new byte[3000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 7 + 3);
        }
        value[0] = 0;
        value[1] = '\r';
        value[2] = '\n';
        // -x: the last argument is read from stdin, byte for byte.
        assertEquals("OK\n", cli(value, "-x", "SET", "bin\u00e9\tkey").text());
        byte[] got = cli("--raw", "GET", "bin\u00e9\tkey").output();
        byte[] expected = new byte[value.length + 1];
        System.arraycopy(value, 0, expected, 0, value.length);
        expected[value.length] = '\n'; // --raw ends the reply with a newline
        assertArrayEquals(expected, got);
        assertEquals("1\n", cli("EXISTS", "bin\u00e9\tkey").text());
        assertEquals("PONG\n", cli("PING").text());
        assertEquals("(error) ERR unknown command 'NOPE', with args beginning with: 'x' \n",
                cli("--no-raw", "NOPE", "x").text());
    }

    @Test
    void redisCliPubSub() throws Exception {
        Process sub = new ProcessBuilder("redis-cli", "-p", Integer.toString(fx.port()), "SUBSCRIBE", "news", "sport")
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
            // The confirmations: subscribe/news/1, subscribe/sport/2 (with --raw-like output when piped).
            List<String> confirm = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                confirm.add(lines.readLine());
            }
            assertEquals(List.of("subscribe", "news", "1", "subscribe", "sport", "2"), confirm);
            assertEquals("1\n", cli("PUBLISH", "sport", "goal!").text());
            assertEquals("0\n", cli("PUBLISH", "weather", "rain").text());
            assertEquals(List.of("message", "sport", "goal!"), List.of(lines.readLine(), lines.readLine(), lines.readLine()));
        } finally {
            sub.destroy();
            sub.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code spindle mini-redis --port N} as a user runs it, stopped with Ctrl-C. */
    @Test
    void theMiniRedisCommandServesUntilCtrlC() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = codeSource(Main.class) + File.pathSeparator + codeSource(Future.class);
        Process p = new ProcessBuilder(java, "-cp", cp, Main.class.getName(), "mini-redis", "--port", Integer.toString(port))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String banner = out.readLine();
            assertTrue(banner != null && banner.startsWith("mini-redis listening on 127.0.0.1:" + port), banner);
            Run ping = run(null, "redis-cli", "-p", Integer.toString(port), "PING");
            assertEquals("PONG\n", ping.text());
            // A JVM started with SIGINT ignored (a background job of a script) cannot see Ctrl-C:
            // Signals.ctrlC() then never completes, so the signal part needs a catchable SIGINT.
            Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree");
            assertEquals(0, run(null, "kill", "-INT", Long.toString(p.pid())).status());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mini-redis did not stop on SIGINT");
            assertEquals(0, p.exitValue());
            assertEquals("mini-redis: shut down after serving 1 connections", out.readLine());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** @return whether this JVM (whose children inherit it) started with SIGINT ignored */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }
}
