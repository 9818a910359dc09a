package dev.spindle.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code spindle-bench.jar}.
 *
 * <pre>
 * java -Xms2g -Xmx8g -XX:+UseParallelGC -jar spindle-bench.jar WORKLOAD PEER
 *     runs 1 warm-up + 5 counted runs in this JVM and prints one JSON line on stdout
 * java -jar spindle-bench.jar --list
 *     lists the workloads and peers
 * java -jar spindle-bench.jar --report FILE.jsonl...
 *     prints the Markdown table of JSON lines (run.sh uses it for results/latest.md)
 * java -jar spindle-bench.jar -jmh [JMH OPTIONS]
 *     runs the JMH benchmarks of dev.spindle.bench.jmh, e.g. -jmh -prof gc YieldBenchmark
 * </pre>
 *
 * <p>Exit status: 0 on success, 1 when a run failed or its result was wrong (the message goes
 * to stderr and nothing to stdout), 2 on a usage error, 3 when the watchdog fired (a run hung:
 * {@code -Dspindle.bench.timeoutSeconds}, default 900), 4 when the workload does not run on
 * that peer ({@link UnsupportedPeerException}: nothing was run).
 */
public final class BenchMain {
    /** The JVM flags WORKLOADS.md prescribes; a run without them warns on stderr. */
    static final List<String> PROTOCOL_FLAGS = List.of("-Xms2g", "-Xmx8g", "-XX:+UseParallelGC");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "-jmh" -> org.openjdk.jmh.Main.main(rest);
            case "--list" -> list();
            case "--report" -> System.exit(report(rest));
            default -> {
                if (args.length != 2) {
                    usage();
                    System.exit(2);
                }
                System.exit(runOne(args[0], args[1]));
            }
        }
    }

    private static int runOne(String workloadName, String peerName) {
        Workload workload;
        Peer peer;
        try {
            workload = Workloads.byName(workloadName);
            peer = Peer.byName(peerName);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        warnUnlessProtocolFlags();
        startWatchdog(workloadName + " " + peerName);
        try {
            Summary s = Protocol.measure(workload, peer);
            System.out.println(s.toJson());
            System.out.flush();
            return 0;
        } catch (UnsupportedPeerException e) {
            System.err.println("skipped: " + e.getMessage());
            return UnsupportedPeerException.EXIT_STATUS;
        } catch (Throwable t) {
            BenchFailure wrong = wrongResult(t);
            if (wrong != null) {
                System.err.println("FAILED " + workloadName + " " + peerName + ": wrong result: " + wrong.getMessage());
            } else {
                System.err.println("FAILED " + workloadName + " " + peerName + ": " + t);
            }
            t.printStackTrace();
            return 1;
        }
    }

    /** A wrong result may arrive wrapped (JoinException, CompletionException...): find it. */
    private static BenchFailure wrongResult(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BenchFailure f) {
                return f;
            }
        }
        return null;
    }

    private static void warnUnlessProtocolFlags() {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!jvmArgs.containsAll(PROTOCOL_FLAGS)) {
            System.err.println("warning: the protocol's JVM flags are " + PROTOCOL_FLAGS
                    + " but this JVM has " + jvmArgs + "; figures are not comparable");
        }
    }

    /** A hung run (a lost wakeup, a deadlock) must fail loudly, not stall the whole suite. */
    private static void startWatchdog(String what) {
        long seconds = Long.getLong("spindle.bench.timeoutSeconds", 900);
        Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("FAILED " + what + ": still running after " + seconds + " s; thread dump:");
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                System.err.println("\"" + e.getKey().getName() + "\" " + e.getKey().getState());
                for (StackTraceElement f : e.getValue()) {
                    System.err.println("    at " + f);
                }
            }
            Runtime.getRuntime().halt(3);
        });
    }

    private static void list() {
        System.out.println("workloads:");
        for (Workload w : Workloads.all()) {
            System.out.println("  " + w.name() + " (" + w.ops() + " ops per run)");
        }
        System.out.println("peers:");
        for (Peer p : Peer.values()) {
            System.out.println("  " + p.id());
        }
    }

    private static int report(String[] files) throws IOException {
        if (files.length == 0) {
            System.err.println("--report needs at least one .jsonl file");
            return 2;
        }
        // UTF-8 whatever the locale: the table is a UTF-8 Markdown file.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.print(Report.markdown(Arrays.stream(files).map(Path::of).toList()));
        out.flush();
        return 0;
    }

    private static void usage() {
        System.err.println("""
                usage: java -Xms2g -Xmx8g -XX:+UseParallelGC -jar spindle-bench.jar WORKLOAD PEER
                       java -jar spindle-bench.jar --list
                       java -jar spindle-bench.jar --report FILE.jsonl...
                       java -jar spindle-bench.jar -jmh [JMH options, e.g. -prof gc YieldBenchmark]
                peers: spindle-mt, spindle-ct (@Async tasks), spindle-mt-hand, spindle-ct-hand
                       (hand-written futures), vt, cf, reactor, submission-publisher (stream workloads)""");
    }
}
