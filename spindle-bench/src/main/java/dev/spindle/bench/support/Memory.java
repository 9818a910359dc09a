package dev.spindle.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two memory figures of {@code idle_memory}: heap in use after a full GC, and RSS. */
public final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Memory() {
    }

    /**
     * Collects garbage and returns the heap then in use. With {@code -XX:+UseParallelGC},
     * {@link System#gc()} is a full, compacting collection that also clears soft and weak
     * references, so the figure is the live heap (a second collection freed nothing more when
     * tried, and costs seconds with a million virtual threads).
     *
     * @return bytes of heap in use
     */
    public static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the process's resident set size ({@code VmRSS} of {@code /proc/self/status}), in bytes */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring("VmRSS:".length()).trim().split("\\s+");
                    if (f.length != 2 || !f[1].equals("kB")) {
                        throw new IllegalStateException("unexpected " + line);
                    }
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in " + STATUS);
    }
}
