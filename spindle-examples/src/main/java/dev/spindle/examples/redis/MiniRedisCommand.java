package dev.spindle.examples.redis;

import dev.spindle.Future;
import dev.spindle.fs.Signals;
import dev.spindle.runtime.AsyncRuntime;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * {@code ./spindle mini-redis [--port N] [--bind ADDRESS] [--maxclients N]
 * [--proto-max-bulk-len BYTES] [--threads N]}: runs {@link MiniRedis} on a multi-thread runtime
 * until Ctrl-C, then shuts it down gracefully.
 */
public final class MiniRedisCommand {
    /** The usage line of the command's options. */
    public static final String OPTIONS =
            "[--port N] [--bind ADDRESS] [--maxclients N] [--proto-max-bulk-len BYTES] [--threads N]";

    private MiniRedisCommand() {
    }

    /**
     * Parses the command's options.
     *
     * @param args the options (after the command name)
     * @return the settings
     * @throws IllegalArgumentException with a message for the user if an option is wrong
     */
    public static MiniRedisConfig parse(String[] args) {
        MiniRedisConfig cfg = MiniRedisConfig.defaults();
        String host = cfg.address().getHostString();
        int port = cfg.address().getPort();
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (!opt.startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected an option and its value, got '" + opt + "'");
            }
            String value = args[++i];
            switch (opt) {
                case "--port" -> port = (int) number(opt, value, 0, 65_535);
                case "--bind" -> host = value;
                case "--maxclients" -> cfg = cfg.withMaxClients((int) number(opt, value, 1, 1_000_000));
                case "--proto-max-bulk-len" -> cfg = cfg.withMaxBulkLength(number(opt, value, 1, MiniRedisConfig.MAX_BULK_LENGTH_LIMIT));
                case "--threads" -> number(opt, value, 1, 1024); // read by run()
                default -> throw new IllegalArgumentException("unknown option '" + opt + "'");
            }
        }
        return cfg.withAddress(new InetSocketAddress(host, port));
    }

    /**
     * Runs the server until Ctrl-C.
     *
     * @param args the options
     * @param out where the banner and the shutdown note go
     * @param err where errors go
     * @return 0 after a graceful shutdown, 1 if the server could not start, 2 for bad options
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        MiniRedisConfig cfg;
        int threads = Runtime.getRuntime().availableProcessors();
        try {
            cfg = parse(args);
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (args[i].equals("--threads")) {
                    threads = Integer.parseInt(args[i + 1]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("spindle mini-redis: " + e.getMessage());
            err.println("usage: spindle mini-redis " + OPTIONS);
            return 2;
        }
        MiniRedis server;
        try {
            server = MiniRedis.bind(cfg);
        } catch (UncheckedIOException e) {
            err.println("spindle mini-redis: " + e.getMessage());
            return 1;
        }
        Future<Void> ctrlC;
        String stop;
        try {
            ctrlC = Signals.ctrlC();
            stop = "Ctrl-C stops it";
        } catch (UnsupportedOperationException e) {
            ctrlC = Future.pending(); // -Xrs, or started with SIGINT ignored (nohup): only killing it stops it
            stop = "Ctrl-C cannot be handled in this JVM: " + e.getMessage();
        }
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(threads).threadName("mini-redis").build()) {
            InetSocketAddress a = server.localAddress();
            out.println("mini-redis listening on " + a.getHostString() + ":" + a.getPort()
                    + " (" + threads + " worker threads; " + stop + ")");
            out.flush();
            rt.blockOn(server.runUntil(ctrlC));
            out.println("mini-redis: shut down after serving " + server.acceptedCount() + " connections");
            return 0;
        } finally {
            server.close();
        }
    }

    private static long number(String opt, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " wants a number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(opt + " must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }
}
