package dev.spindle.channel;

import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Linearizability of the oneshot channel: send and close on the sender's thread, the receiver
 * future polled across operations, try-recv and close on the receiver's thread, and the
 * sender's closed() future. Results: the value, 0 pending/empty, -1 refused (receiver closed),
 * -2 closed or already sent, -3 the sender closed without sending. After the run, a pending
 * future that can complete now was woken.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class OneshotLincheckTest extends ChannelLincheckTest {
    private final Oneshot<Integer> ch = Oneshot.channel();
    private final PolledByHand<Integer> rx = PolledByHand.of(ch.receiver().map(v -> received = v));
    private PolledByHand<Void> closed;
    private Integer received;
    private boolean rxDone;
    private boolean rxPending;
    private boolean rxClosedHere;
    private boolean closedPending;

    @Operation(nonParallelGroup = "tx")
    public int send(@Param(name = "v") int v) {
        try {
            ch.sender().send(v);
            return 1;
        } catch (SendException e) {
            return -1;
        } catch (IllegalStateException e) {
            return -2;
        }
    }

    @Operation(nonParallelGroup = "tx")
    public void closeSender() {
        ch.sender().close();
    }

    @Operation(nonParallelGroup = "tx")
    public boolean closedPoll() {
        if (closed == null) {
            closed = PolledByHand.of(ch.sender().closed());
        }
        boolean ready = closed.poll();
        closedPending = !ready;
        if (ready) {
            closed = null;
        }
        return ready;
    }

    @Operation(nonParallelGroup = "rx")
    public int recv() {
        if (rxDone) {
            return -2;
        }
        try {
            rxPending = false;
            if (!rx.poll()) {
                rxPending = true;
                return 0;
            }
            rxDone = true;
            return received;
        } catch (ChannelClosedException e) {
            rxDone = true;
            return -3;
        }
    }

    @Operation(nonParallelGroup = "rx")
    public int tryRecv() {
        if (rxDone) {
            return -2;
        }
        try {
            Integer v = ch.receiver().tryRecv();
            if (v == null) {
                return 0;
            }
            rxDone = true;
            return v;
        } catch (ChannelClosedException e) {
            rxDone = true;
            return -3;
        }
    }

    @Operation(nonParallelGroup = "rx")
    public void closeReceiver() {
        rxClosedHere = true;
        ch.receiver().close();
    }

    /** No lost wakeup: a future whose last poll was pending and that can complete now was woken. */
    @Validate
    public void noLostWakeup() {
        if (closedPending) {
            boolean woken = closed.isWoken();
            if (closed.poll() && !woken) {
                throw new AssertionError("sender.closed() could complete but was never woken");
            }
        }
        if (rxPending && !rxDone && !rxClosedHere) {
            boolean woken = rx.isWoken();
            boolean ready;
            try {
                ready = rx.poll();
            } catch (ChannelClosedException e) {
                ready = true;
            }
            if (ready && !woken) {
                throw new AssertionError("the receiver could complete but was never woken");
            }
        }
    }
}
