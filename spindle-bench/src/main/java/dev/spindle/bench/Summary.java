package dev.spindle.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The figures of one (workload, peer) JVM: what the JSON line carries.
 *
 * @param workload the workload name
 * @param peer the peer id
 * @param n the number of counted runs
 * @param medianMs median wall time of a counted run, in milliseconds
 * @param minMs fastest counted run
 * @param maxMs slowest counted run
 * @param nsPerOp {@code medianMs * 1e6 / ops}
 * @param extras workload extras, in key order
 */
public record Summary(String workload, String peer, int n, double medianMs, double minMs, double maxMs,
                      double nsPerOp, Map<String, Double> extras) {

    /**
     * Summarises the runs of one JVM.
     *
     * @param workload what ran
     * @param peer on what
     * @param first the warm-up run (source of the {@code _first_run} extras)
     * @param counted the counted runs
     * @return the summary
     */
    static Summary of(Workload workload, Peer peer, RunResult first, List<RunResult> counted) {
        double[] ms = counted.stream().mapToDouble(r -> r.nanos() / 1e6).toArray();
        double median = median(ms);
        Map<String, Double> extras = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>(first.extras().keySet());
        counted.forEach(r -> keys.addAll(r.extras().keySet()));
        for (String k : keys) {
            if (k.endsWith(RunResult.FIRST_RUN_SUFFIX)) {
                extras.put(k, first.extras().get(k));
            } else {
                extras.put(k, median(counted.stream().mapToDouble(r -> r.extras().get(k)).toArray()));
            }
        }
        return new Summary(workload.name(), peer.id(), ms.length, median,
                Arrays.stream(ms).min().orElseThrow(), Arrays.stream(ms).max().orElseThrow(),
                median * 1e6 / workload.ops(), extras);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** @return the one-line JSON object: the standard fields, then the extras */
    public String toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("workload", workload);
        o.put("peer", peer);
        o.put("n", n);
        o.put("median_ms", Json.fixed(medianMs, 3));
        o.put("min_ms", Json.fixed(minMs, 3));
        o.put("max_ms", Json.fixed(maxMs, 3));
        o.put("ns_per_op", Json.fixed(nsPerOp, 1));
        extras.forEach((k, v) -> o.put(k, Json.fixed(v, 1)));
        return Json.write(o);
    }
}
