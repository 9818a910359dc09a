package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageOnStdoutAndSucceeds() {
        assertEquals(Main.OK, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: spindle"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownCommandPrintsUsageOnStderrAndExitsWith2() {
        assertEquals(Main.USAGE, run("frobnicate"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("unknown command 'frobnicate'"), e);
        assertTrue(e.contains("usage: spindle"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tourTakesNoArguments() {
        assertEquals(Main.USAGE, run("tour", "extra"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: spindle"));
    }

    @Test
    void helpListsMiniRedis() {
        assertEquals(Main.OK, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mini-redis"));
    }

    @Test
    void miniRedisRejectsBadOptionsWithUsage() {
        assertEquals(Main.USAGE, run("mini-redis", "--port", "seventy"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("--port wants a number, got 'seventy'"), e);
        assertTrue(e.contains("usage: spindle mini-redis"), e);
        assertEquals(Main.USAGE, run("mini-redis", "--frobnicate", "1"));
        assertEquals(Main.USAGE, run("mini-redis", "--port"));
    }
}
