package dev.spindle.channel;

import dev.spindle.channel.internal.LinkedQueue;
import dev.spindle.channel.internal.RingQueue;
import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Model checking and stress of the bounded mpsc channel's invariants (capacity 2, two sender
 * handles): try-send; a send future polled across operations and possibly cancelled (its cancel
 * must pass on a permit it was handed meanwhile); a permit reserved in one operation and used in
 * a later one; closing each sender (so the end of stream and its sealing race with everything);
 * and on the consumer's side (one thread) a recv future polled across operations.
 *
 * <p>What is checked: each producer's messages arrive in order, once each (checked as they
 * arrive); after the run, a send or recv left pending that can complete now was woken (no lost
 * wakeup), every message whose send succeeded is received, and every permit is back (no leaked
 * capacity).
 *
 * <p>Why invariants rather than linearizability: like Tokio's, the bounded channel is a
 * semaphore in front of a queue, so a send takes its room and then appends, and an observer that
 * looks at both room and contents between the two steps ({@code trySend} says full, then
 * {@code tryRecv} says empty) sees a state no sequential order produces. The results of the
 * operations here are therefore not compared with a sequential run; {@link
 * UnboundedMpscLincheckTest} checks linearizability where it holds (no capacity).
 *
 * <p>Each handle is used and closed by one thread (a non-parallel group per handle), as Rust's
 * ownership guarantees. Closing the receiver is covered by {@code MpscSendVsCloseTest}
 * (spindle-jcstress) and the hand-polled tests.
 */
public class MpscLincheckTest extends ChannelLincheckTest {
    private static final int CAPACITY = 2;

    private final Mpsc<Integer> ch = Mpsc.bounded(CAPACITY);
    private final MpscSender<Integer> tx0 = ch.sender();
    private final MpscSender<Integer> tx1 = tx0.copy();
    private final MpscReceiver<Integer> rx = ch.receiver();
    private final int[] sent = new int[2];
    private final int[] received = new int[2];
    private int next0;
    private PolledByHand<Integer> recv;
    private Integer lastReceived;
    private PolledByHand<Void> send;
    private int sendValue;
    private MpscPermit<Integer> permit;

    /**
     * The model checker runs the message queue's push and pop as atomic steps: their in-flight
     * window (claimed, not yet written) makes a pop spin for the producer, which the model checker
     * reports as a hang. The queues' own races are checked on real threads (the stress mode here,
     * {@code MessageQueueStressTest} and spindle-jcstress).
     */
    @Override
    protected ModelCheckingOptions customizeModelChecking(ModelCheckingOptions o) {
        return super.customizeModelChecking(o).addGuarantee(ManagedStrategyGuaranteeKt
                .forClasses(RingQueue.class.getName(), LinkedQueue.class.getName()).allMethods().treatAsAtomic());
    }

    private static int msg(int producer, int seq) {
        return producer * 1_000 + seq;
    }

    @Operation(nonParallelGroup = "tx0")
    public void trySend() {
        try {
            if (tx0.trySend(msg(0, next0))) {
                next0++;
                sent[0]++;
            }
        } catch (ChannelClosedException closedHandle) {
            // tx0 was closed by this thread
        }
    }

    @Operation(nonParallelGroup = "tx0")
    public void tryReserve() {
        if (permit == null) {
            try {
                permit = tx0.tryReserve();
            } catch (ChannelClosedException closedHandle) {
                // tx0 was closed by this thread
            }
        }
    }

    @Operation(nonParallelGroup = "tx0")
    public void permitSend() {
        if (permit != null) {
            permit.send(msg(0, next0++));
            sent[0]++;
            permit = null;
        }
    }

    @Operation(nonParallelGroup = "tx0")
    public void closeSender0() {
        tx0.close();
    }

    @Operation(nonParallelGroup = "tx1")
    public void sendPoll() {
        try {
            if (send == null) {
                send = PolledByHand.of(tx1.send(msg(1, sendValue)));
            }
            if (send.poll()) {
                send = null;
                sendValue++;
                sent[1]++;
            }
        } catch (SendException e) {
            throw new AssertionError("a send was refused while the receiver is open", e);
        } catch (ChannelClosedException closedHandle) {
            // tx1 was closed by this thread
        }
    }

    @Operation(nonParallelGroup = "tx1")
    public void cancelSend() {
        if (send != null) {
            send.cancel();
            send = null;
        }
    }

    @Operation(nonParallelGroup = "tx1")
    public void closeSender1() {
        tx1.close();
    }

    @Operation(nonParallelGroup = "consumer")
    public void recv() {
        if (recv == null) {
            recv = PolledByHand.of(rx.recv().map(v -> lastReceived = v));
        }
        if (recv.poll()) {
            recv = null;
            if (lastReceived != null) {
                check(lastReceived);
            }
        }
    }

    @Operation(nonParallelGroup = "consumer")
    public void tryRecv() {
        try {
            Integer v = rx.tryRecv();
            if (v != null) {
                check(v);
            }
        } catch (ChannelClosedException endOfStream) {
            // every sender closed and everything received
        }
    }

    private void check(int v) {
        int producer = v / 1_000;
        int seq = v % 1_000;
        if (seq != received[producer]) {
            throw new AssertionError("producer " + producer + ": expected message " + received[producer]
                    + " but got " + seq + (seq < received[producer] ? " (duplicate)" : " (lost)"));
        }
        received[producer]++;
    }

    /** No lost wakeup, nothing lost, no permit leaked (see the class notes). */
    @Validate
    public void invariants() {
        if (send != null) {
            boolean woken = send.isWoken();
            if (send.poll()) {
                if (!woken) {
                    throw new AssertionError("a pending send could complete but was never woken");
                }
                sent[1]++;
            } else {
                send.cancel();
            }
        }
        if (recv != null) {
            boolean woken = recv.isWoken();
            if (recv.poll()) {
                if (!woken) {
                    throw new AssertionError("a pending recv could complete but was never woken");
                }
                if (lastReceived != null) {
                    check(lastReceived);
                }
            }
        }
        if (permit != null) {
            permit.close();
        }
        tx0.close();
        tx1.close();
        Integer v;
        while ((v = PolledByHand.of(rx.recv()).assertReady()) != null) {
            check(v);
        }
        for (int p = 0; p < 2; p++) {
            if (received[p] != sent[p]) {
                throw new AssertionError("producer " + p + " sent " + sent[p] + " but " + received[p] + " arrived");
            }
        }
        if (tx0.capacity() != CAPACITY) {
            throw new AssertionError("permits leaked: " + tx0.capacity() + " of " + CAPACITY + " back");
        }
    }
}
