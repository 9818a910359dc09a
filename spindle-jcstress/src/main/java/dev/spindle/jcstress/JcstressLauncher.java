package dev.spindle.jcstress;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * Runs jcstress as {@code org.openjdk.jcstress.Main} does, with the same options, and makes the
 * exit code a verdict the build can trust.
 *
 * <p>jcstress 0.16 signals failed tests only by the exception its report printer throws at the
 * end of the run (so {@code Main} exits 1), and exits 0 when nothing ran at all ("No matching
 * tests", "No JVM configurations to run with"), which would let a build pass with no test run.
 * This launcher re-reads the result file and decides itself.
 *
 * <p>jcstress's console output (hundreds of lines) goes to the file named by the system
 * property {@code spindle.jcstress.log} (default {@code jcstress.log} in the working directory;
 * {@code -} keeps it on the console); the console gets a summary and every failure.
 *
 * <p>Exit codes: 0 when tests ran and all passed; 1 when a test saw a forbidden outcome or
 * erred (timeout, VM crash, exception in a test), or jcstress itself failed; 2 when no test
 * ran or the options were bad.
 */
public final class JcstressLauncher {
    private JcstressLauncher() {
    }

    /**
     * Runs the tests.
     *
     * @param args jcstress's command-line options
     * @throws IOException when the log or the result file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        PrintStream console = System.out;
        String logName = System.getProperty("spindle.jcstress.log", "jcstress.log");
        Path log = logName.equals("-") ? null : Path.of(logName).toAbsolutePath();
        console.println("spindle-jcstress: running on Java " + System.getProperty("java.version")
                + (log == null ? "" : "; jcstress output in " + log));

        Options opts = new Options(args);
        Throwable jcstressFailure = null;
        PrintStream out = log == null ? console : new PrintStream(new FileOutputStream(log.toFile()), true);
        PrintStream err = System.err;
        System.setOut(out);
        System.setErr(out);
        try {
            if (!opts.parse()) {
                console.println("spindle-jcstress: bad options " + String.join(" ", args));
                System.exit(2);
            }
            new JCStress(opts).run();
        } catch (Exception | AssertionError e) {
            jcstressFailure = e; // an AssertionError is how jcstress reports failed tests; the results tell which
        } finally {
            System.setOut(console);
            System.setErr(err);
            if (out != console) {
                out.close();
            }
        }

        InProcessCollector results = new InProcessCollector();
        try {
            DiskReadCollector reader = new DiskReadCollector(opts.getResultFile(), results);
            reader.dump();
            reader.close();
        } catch (IOException | ClassNotFoundException e) {
            console.println("spindle-jcstress: cannot read the results " + opts.getResultFile() + ": " + e);
        }
        Collection<TestResult> all = results.getTestResults();
        List<String> failed = new ArrayList<>();
        for (TestResult r : all) {
            if (r.status() != Status.NORMAL || !r.grading().isPassed) {
                failed.add(r.getName() + " " + r.getConfig().jvmArgs + ":"
                        + (r.status() == Status.NORMAL ? "" : " " + r.status())
                        + (r.grading().failureMessages.isEmpty() ? "" : " " + r.grading().failureMessages));
            }
        }
        if (all.isEmpty()) {
            console.println("spindle-jcstress: no test ran" + (jcstressFailure == null ? "" : ": " + jcstressFailure));
            System.exit(2);
        }
        if (!failed.isEmpty()) {
            console.println("spindle-jcstress: " + failed.size() + " of " + all.size() + " test runs FAILED"
                    + " (report: " + Path.of(opts.getResultDest()).toAbsolutePath() + ")");
            failed.forEach(f -> console.println("  " + f));
            System.exit(1);
        }
        if (jcstressFailure != null) {
            console.println("spindle-jcstress: jcstress failed: " + jcstressFailure);
            jcstressFailure.printStackTrace(console);
            System.exit(1);
        }
        console.println("spindle-jcstress: all " + all.size() + " test runs passed");
        System.exit(0);
    }
}
