package dev.spindle.examples;

import dev.spindle.examples.redis.MiniRedisCommand;
import dev.spindle.examples.tour.Tour;
import java.io.PrintStream;

/**
 * The entry point of {@code spindle-examples.jar} (and of {@code ./spindle}): dispatches to a
 * sub-command.
 *
 * <pre>
 * ./spindle              # same as ./spindle tour
 * ./spindle mini-redis   # a Redis server on 127.0.0.1:6379 (--port N to change it)
 * ./spindle tour         # a guided, runnable walk through Spindle
 * ./spindle help         # usage
 * </pre>
 */
public final class Main {
    /** Exit status of a command that ran to its end. */
    public static final int OK = 0;
    /** Exit status of a command that failed while running. */
    public static final int FAILED = 1;
    /** Exit status of a command line that names no known command. */
    public static final int USAGE = 2;

    private Main() {
    }

    /**
     * Runs the command named by {@code args[0]} ({@code tour} when there is none) and exits with
     * its status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        // Exit explicitly: the status must reach the shell even if a library thread lingers.
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command, writing its output to {@code out} and diagnostics to {@code err}.
     *
     * @param args the command and its arguments
     * @param out where the command's output goes
     * @param err where usage errors and failures go
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "tour" : args[0];
        switch (command) {
            case "tour":
                if (args.length > 1) {
                    err.println("spindle: 'tour' takes no arguments");
                    usage(err);
                    return USAGE;
                }
                try {
                    new Tour(out).run();
                    return OK;
                } catch (Exception | AssertionError e) {
                    out.flush();
                    err.println("spindle: the tour failed: " + e);
                    e.printStackTrace(err);
                    return FAILED;
                }
            case "mini-redis":
                return MiniRedisCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
            case "help":
            case "-h":
            case "--help":
                usage(out);
                return OK;
            default:
                err.println("spindle: unknown command '" + command + "'");
                usage(err);
                return USAGE;
        }
    }

    private static void usage(PrintStream s) {
        s.println("""
                usage: spindle [command]

                commands:
                  mini-redis  a Redis server speaking RESP2 (redis-cli and redis-benchmark work
                              with it) on 127.0.0.1:6379 until Ctrl-C; options:
                              OPTIONS
                  tour        a runnable walk through Spindle: lazy futures, spawn and join,
                              select, timeouts, JoinSet, blocking work, cancellation, TaskScope,
                              TaskLocal and the paused clock (the default)
                  help        this text""".replace("OPTIONS", MiniRedisCommand.OPTIONS));
    }
}
