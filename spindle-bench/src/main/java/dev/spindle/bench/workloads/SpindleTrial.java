package dev.spindle.bench.workloads;

import dev.spindle.bench.Peer;
import dev.spindle.bench.Trial;
import dev.spindle.bench.support.Runtimes;
import dev.spindle.runtime.AsyncRuntime;

/** A trial on a Spindle runtime built once for the JVM and closed with the trial. */
abstract class SpindleTrial implements Trial {
    final AsyncRuntime rt;

    SpindleTrial(Peer peer) {
        this.rt = Runtimes.spindle(peer);
    }

    @Override
    public void close() {
        rt.close();
    }
}
