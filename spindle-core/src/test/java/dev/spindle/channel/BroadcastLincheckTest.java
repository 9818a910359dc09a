package dev.spindle.channel;

import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Linearizability of the broadcast channel (capacity 2, so lagging is reached): sends from two
 * handles (each closed by its own thread), and two receivers, each on its own thread, with a
 * recv future kept across operations. Results: the value, 0 pending/empty, -1 refused, -2 closed
 * handle, -3 end of stream, -(100 + n) lagged by n. After the run, a pending recv that can
 * complete now was woken.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class BroadcastLincheckTest extends ChannelLincheckTest {
    private final Broadcast<Integer> ch = Broadcast.channel(2);
    private final BroadcastSender<Integer> tx0 = ch.sender();
    private final BroadcastSender<Integer> tx1 = tx0.copy();
    private final BroadcastReceiver<Integer> rx0 = ch.receiver();
    private final BroadcastReceiver<Integer> rx1 = tx0.subscribe();
    private final Slot slot0 = new Slot(rx0);
    private final Slot slot1 = new Slot(rx1);

    /** A receiver with its recv future kept across operations. */
    private static final class Slot {
        final BroadcastReceiver<Integer> rx;
        PolledByHand<Integer> recv;
        Integer value;

        Slot(BroadcastReceiver<Integer> rx) {
            this.rx = rx;
        }

        int poll() {
            if (recv == null) {
                recv = PolledByHand.of(rx.recv().map(v -> value = v));
            }
            try {
                if (!recv.poll()) {
                    return 0;
                }
            } catch (LaggedException e) {
                recv = null;
                return (int) -(100 + e.missed());
            } catch (ChannelClosedException e) {
                recv = null;
                return -2;
            }
            recv = null;
            return value == null ? -3 : value;
        }

        void checkWoken() {
            if (recv != null) {
                boolean woken = recv.isWoken();
                boolean ready;
                try {
                    ready = recv.poll();
                } catch (LaggedException | ChannelClosedException e) {
                    ready = true;
                }
                if (ready && !woken) {
                    throw new AssertionError("a pending recv could complete but was never woken");
                }
            }
        }
    }

    private static int send(BroadcastSender<Integer> tx, int v) {
        try {
            tx.send(v);
            return 1;
        } catch (SendException e) {
            return -1;
        } catch (ChannelClosedException e) {
            return -2;
        }
    }

    @Operation(nonParallelGroup = "tx0")
    public int send0(@Param(name = "v") int v) {
        return send(tx0, v);
    }

    @Operation(nonParallelGroup = "tx0")
    public void close0() {
        tx0.close();
    }

    @Operation(nonParallelGroup = "tx1")
    public int send1(@Param(name = "v") int v) {
        return send(tx1, v + 10);
    }

    @Operation(nonParallelGroup = "tx1")
    public void close1() {
        tx1.close();
    }

    @Operation(nonParallelGroup = "rx0")
    public int recv0() {
        return slot0.poll();
    }

    @Operation(nonParallelGroup = "rx1")
    public int recv1() {
        return slot1.poll();
    }

    @Operation(nonParallelGroup = "rx1")
    public void closeReceiver1() {
        rx1.close();
        slot1.recv = null;
    }

    /** No lost wakeup. */
    @Validate
    public void noLostWakeup() {
        slot0.checkWoken();
        slot1.checkWoken();
    }
}
