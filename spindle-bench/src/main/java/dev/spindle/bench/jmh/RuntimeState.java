package dev.spindle.bench.jmh;

import dev.spindle.bench.Peer;
import dev.spindle.bench.support.Runtimes;
import dev.spindle.runtime.AsyncRuntime;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The runtime a scheduler benchmark runs on, one per trial: the multi-thread runtime with 2
 * workers ({@code spindle-mt}) or the current-thread runtime ({@code spindle-ct}).
 */
@State(Scope.Benchmark)
public class RuntimeState {
    /** {@code multiThread} or {@code currentThread}. */
    @Param({"multiThread", "currentThread"})
    public String flavor;

    /** The runtime, built before the trial and closed after it. */
    public AsyncRuntime runtime;

    @Setup(Level.Trial)
    public void start() {
        runtime = Runtimes.spindle(switch (flavor) {
            case "multiThread" -> Peer.SPINDLE_MT;
            case "currentThread" -> Peer.SPINDLE_CT;
            default -> throw new IllegalArgumentException("flavor " + flavor);
        });
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }
}
