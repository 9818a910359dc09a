package dev.spindle.channel;

import dev.spindle.channel.internal.LinkedQueue;
import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Linearizability of the unbounded mpsc channel: sends from two handles, each closed by its own
 * thread (so the last close, the end of stream and the queue's sealing race with sends and
 * receives), and on the consumer's side (one thread) a recv future kept across operations and
 * try-recv. Results: the value, 0 for empty/pending, -1 for a refused send, -2 for a closed
 * handle, -3 for the end of stream. After the run a recv left pending that can complete now must
 * have been woken.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class UnboundedMpscLincheckTest extends ChannelLincheckTest {
    private final UnboundedMpsc<Integer> ch = Mpsc.unbounded();
    private final UnboundedSender<Integer> tx0 = ch.sender();
    private final UnboundedSender<Integer> tx1 = tx0.copy();
    private final MpscReceiver<Integer> rx = ch.receiver();
    private PolledByHand<Integer> recv;
    private Integer received;

    /** The queue's push and pop are atomic steps for the model checker (see MpscLincheckTest). */
    @Override
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions o) {
        return super.customizeModelChecking(o).addGuarantee(ManagedStrategyGuaranteeKt
                .forClasses(LinkedQueue.class.getName()).allMethods().treatAsAtomic());
    }

    private static int send(UnboundedSender<Integer> tx, int v) {
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

    @Operation(nonParallelGroup = "consumer")
    public int recv() {
        if (recv == null) {
            recv = PolledByHand.of(rx.recv().map(v -> received = v));
        }
        if (!recv.poll()) {
            return 0;
        }
        recv = null;
        return received == null ? -3 : received;
    }

    @Operation(nonParallelGroup = "consumer")
    public int tryRecv() {
        try {
            Integer v = rx.tryRecv();
            return v == null ? 0 : v;
        } catch (ChannelClosedException e) {
            return -3;
        }
    }

    /** A recv left pending that can complete now was woken. */
    @Validate
    public void noLostWakeup() {
        if (recv != null) {
            boolean woken = recv.isWoken();
            if (recv.poll() && !woken) {
                throw new AssertionError("a pending recv could complete but was never woken");
            }
        }
    }
}
