package dev.spindle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the harness's JSON lines into the Markdown table of {@code results/latest.md}.
 *
 * <p>Columns: workload, peer, ns/op of the median run and of the fastest and slowest runs,
 * the workload extras, and the peer's figure divided by the best non-Spindle peer's figure
 * for the same workload in the same file ({@code < 1} means better than the best of
 * {@code vt}, {@code cf}, {@code netty} and, on the stream workloads, the stream peers; the
 * {@code floor-*} rows of the C floor are shown but never the best). Every {@code spindle-*}
 * peer — the {@code @Async} ones and the {@code -hand} ones — is compared with that same figure. The compared figure is {@code ns_per_op}, except for
 * {@code idle_memory}, whose "op" is a byte of retained heap: there it is
 * {@code heap_bytes_per_task}.
 */
public final class Report {
    private static final Set<String> STANDARD =
            Set.of("workload", "peer", "n", "median_ms", "min_ms", "max_ms", "ns_per_op");

    private Report() {
    }

    /**
     * @param files JSONL files as run.sh writes them; blank lines are skipped
     * @return the Markdown table, with a short legend
     * @throws IOException if a file cannot be read
     */
    public static String markdown(List<Path> files) throws IOException {
        Map<String, List<Map<String, Object>>> byWorkload = new LinkedHashMap<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank()) {
                    Map<String, Object> row = Json.parseFlat(line);
                    byWorkload.computeIfAbsent((String) row.get("workload"), k -> new ArrayList<>()).add(row);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | peer | ns/op median | ns/op min | ns/op max | extras | vs best non-spindle |\n");
        sb.append("|---|---|---:|---:|---:|---|---:|\n");
        for (Map.Entry<String, List<Map<String, Object>>> e : byWorkload.entrySet()) {
            String metric = metricOf(e.getKey());
            double best = Double.POSITIVE_INFINITY;
            for (Map<String, Object> row : e.getValue()) {
                if (!isSpindle(row) && !isFloor(row) && row.get(metric) instanceof Double d) {
                    best = Math.min(best, d);
                }
            }
            for (Map<String, Object> row : e.getValue()) {
                double median = num(row, "median_ms");
                double nsPerOp = num(row, "ns_per_op");
                double scale = median > 0 ? nsPerOp / median : 0;
                sb.append("| ").append(e.getKey())
                        .append(" | ").append(row.get("peer"))
                        .append(" | ").append(fmt(nsPerOp))
                        .append(" | ").append(fmt(num(row, "min_ms") * scale))
                        .append(" | ").append(fmt(num(row, "max_ms") * scale))
                        .append(" | ").append(extras(row))
                        .append(" | ").append(ratio(row.get(metric), best))
                        .append(" |\n");
            }
        }
        sb.append("\nRatio = the peer's figure / the best of the non-spindle peers (vt, cf; for the stream workloads"
                + " also reactor, submission-publisher) for the same workload;"
                + " below 1.00 is better. The figure is ns/op, except for idle_memory: heap_bytes_per_task."
                + " floor-1t/floor-2t rows (tcp_echo) are the workload in C straight on epoll, 1 or 2 threads:"
                + " the kernel's cost on this machine, which no peer can beat; they are not in the best.\n");
        return sb.toString();
    }

    private static String metricOf(String workload) {
        return workload.equals("idle_memory") ? "heap_bytes_per_task" : "ns_per_op";
    }

    private static boolean isSpindle(Map<String, Object> row) {
        return String.valueOf(row.get("peer")).startsWith("spindle");
    }

    /** A {@code floor-*} row: the workload in C without a runtime (run.sh), a bound, not a peer to beat. */
    private static boolean isFloor(Map<String, Object> row) {
        return String.valueOf(row.get("peer")).startsWith("floor-");
    }

    private static double num(Map<String, Object> row, String key) {
        if (row.get(key) instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("line without numeric '" + key + "': " + row);
    }

    private static String extras(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        row.forEach((k, v) -> {
            if (!STANDARD.contains(k)) {
                parts.add(k + "=" + (v instanceof Double d ? fmt(d) : String.valueOf(v)));
            }
        });
        return String.join(", ", parts);
    }

    private static String ratio(Object value, double best) {
        if (!(value instanceof Double d) || Double.isInfinite(best) || best <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", d / best);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }
}
