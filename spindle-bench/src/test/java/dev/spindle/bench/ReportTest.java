package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.bench.workloads.StreamPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer names of the {@code @Async} and {@code -hand} variants and the report's ratio column. */
class ReportTest {
    private static String line(String workload, String peer, double nsPerOp) {
        return "{\"workload\":\"" + workload + "\",\"peer\":\"" + peer + "\",\"n\":5,\"median_ms\":" + nsPerOp
                + ",\"min_ms\":" + nsPerOp + ",\"max_ms\":" + nsPerOp + ",\"ns_per_op\":" + nsPerOp + "}";
    }

    /** @return the ratio cell of the row of {@code peer} */
    private static String ratioOf(String table, String peer) {
        return Arrays.stream(table.split("\n"))
                .filter(r -> r.startsWith("| spawn_local | " + peer + " |"))
                .map(r -> r.split("\\|"))
                .map(cells -> cells[cells.length - 1].trim())
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + peer + " in\n" + table));
    }

    @Test
    void everySpindleRowIsComparedWithTheBestNonSpindlePeer(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.jsonl");
        Files.write(f, List.of(
                line("spawn_local", "spindle-mt", 300),
                line("spawn_local", "spindle-mt-hand", 100),
                line("spawn_local", "vt", 400),
                line("spawn_local", "cf", 200)));
        String table = Report.markdown(List.of(f));
        // The best non-Spindle figure is cf's 200; a fast -hand row must not become the yardstick.
        assertEquals("1.50×", ratioOf(table, "spindle-mt"));
        assertEquals("0.50×", ratioOf(table, "spindle-mt-hand"));
        assertEquals("2.00×", ratioOf(table, "vt"));
        assertEquals("1.00×", ratioOf(table, "cf"));
    }

    @Test
    void aFloorRowIsShownButNeverTheYardstick(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.jsonl");
        Files.write(f, List.of(
                line("spawn_local", "spindle-mt", 300),
                line("spawn_local", "netty", 200),
                line("spawn_local", "floor-2t", 100)));
        String table = Report.markdown(List.of(f));
        assertEquals("1.50×", ratioOf(table, "spindle-mt"), "compared with netty, not with the C floor");
        assertEquals("0.50×", ratioOf(table, "floor-2t"));
    }

    @Test
    void theShortNamesAreTheAsyncPeersAndTheHandNamesTheirOwn() {
        for (Peer p : Peer.values()) {
            assertEquals(p, Peer.byName(p.id()));
        }
        assertEquals(Peer.SPINDLE_MT, Peer.byName("spindle-mt"));
        assertEquals(Peer.SPINDLE_CT_HAND, Peer.byName("SPINDLE-CT-HAND"));
        assertTrue(Peer.SPINDLE_MT_HAND.isSpindle() && Peer.SPINDLE_MT_HAND.isMultiThreadSpindle());
        assertTrue(Peer.SPINDLE_CT.isSpindle() && !Peer.SPINDLE_CT.isMultiThreadSpindle());
        assertTrue(!Peer.VT.isSpindle() && !Peer.REACTOR.isSpindle());
        assertThrows(IllegalArgumentException.class, () -> Peer.byName("spindle"));
    }

    @Test
    void aStreamWorkloadHasNoHandWrittenVariant() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new StreamPipeline().open(Peer.SPINDLE_MT_HAND));
        assertInstanceOf(UnsupportedPeerException.class, e);
        assertTrue(e.getMessage().contains("spindle-mt-hand"), e.getMessage());
    }
}
