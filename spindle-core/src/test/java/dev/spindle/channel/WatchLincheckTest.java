package dev.spindle.channel;

import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Linearizability of the watch channel: send, send-replace and close on the sender's thread; two
 * receivers on their own threads, one waiting with changed(), one with waitFor(v >= 3), each
 * future kept across operations, and borrow-and-update. Results: 1 ready / the value, 0
 * pending, -2 closed. After the run, a pending future that can complete now was woken.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class WatchLincheckTest extends ChannelLincheckTest {
    private final Watch<Integer> ch = Watch.channel(0);
    private final WatchReceiver<Integer> rx0 = ch.receiver();
    private final WatchReceiver<Integer> rx1 = ch.sender().subscribe();
    private PolledByHand<Void> changed;
    private PolledByHand<Integer> waitFor;
    private Integer found;

    @Operation(nonParallelGroup = "tx")
    public int send(@Param(name = "v") int v) {
        try {
            ch.sender().send(v);
            return 1;
        } catch (ChannelClosedException e) {
            return -2;
        }
    }

    @Operation(nonParallelGroup = "tx")
    public int sendReplace(@Param(name = "v") int v) {
        try {
            return ch.sender().sendReplace(v);
        } catch (ChannelClosedException e) {
            return -2;
        }
    }

    @Operation(nonParallelGroup = "tx")
    public void close() {
        ch.sender().close();
    }

    @Operation(nonParallelGroup = "rx0")
    public int changed() {
        if (changed == null) {
            changed = PolledByHand.of(rx0.changed());
        }
        try {
            if (!changed.poll()) {
                return 0;
            }
        } catch (ChannelClosedException e) {
            changed = null;
            return -2;
        }
        changed = null;
        return 1;
    }

    @Operation(nonParallelGroup = "rx0")
    public int borrowAndUpdate() {
        return rx0.borrowAndUpdate();
    }

    @Operation(nonParallelGroup = "rx1")
    public int waitFor() {
        if (waitFor == null) {
            waitFor = PolledByHand.of(rx1.waitFor(v -> v >= 3).map(v -> found = v));
        }
        try {
            if (!waitFor.poll()) {
                return 0;
            }
        } catch (ChannelClosedException e) {
            waitFor = null;
            return -2;
        }
        waitFor = null;
        return found;
    }

    /** No lost wakeup. */
    @Validate
    public void noLostWakeup() {
        check(changed);
        check(waitFor);
    }

    private static void check(PolledByHand<?> f) {
        if (f != null) {
            boolean woken = f.isWoken();
            boolean ready;
            try {
                ready = f.poll();
            } catch (ChannelClosedException e) {
                ready = true;
            }
            if (ready && !woken) {
                throw new AssertionError("a pending watch future could complete but was never woken");
            }
        }
    }
}
