package dev.spindle.bench;

import dev.spindle.bench.workloads.ChainedSpawn;
import dev.spindle.bench.workloads.IdleMemory;
import dev.spindle.bench.workloads.MpscThroughput;
import dev.spindle.bench.workloads.MutexContention;
import dev.spindle.bench.workloads.PingPong;
import dev.spindle.bench.workloads.SpawnLocal;
import dev.spindle.bench.workloads.SpawnRemote;
import dev.spindle.bench.workloads.StreamFanout;
import dev.spindle.bench.workloads.StreamPipeline;
import dev.spindle.bench.workloads.TcpEcho;
import dev.spindle.bench.workloads.YieldMany;
import java.util.List;
import java.util.stream.Collectors;

/** The workloads the harness knows, in the order of WORKLOADS.md. */
public final class Workloads {
    private static final List<Workload> ALL = List.of(
            new SpawnLocal(),
            new SpawnRemote(),
            new YieldMany(),
            new PingPong(),
            new ChainedSpawn(),
            new MpscThroughput(),
            new MutexContention(),
            new IdleMemory(),
            new TcpEcho(),
            new StreamPipeline(),
            new StreamFanout());

    private Workloads() {
    }

    /** @return every workload */
    public static List<Workload> all() {
        return ALL;
    }

    /**
     * @param name a workload name, e.g. {@code spawn_local}
     * @return the workload
     * @throws IllegalArgumentException for an unknown name
     */
    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "' (expected one of "
                + ALL.stream().map(Workload::name).collect(Collectors.joining(", ")) + ")");
    }
}
