package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.channel.ChannelClosedException;
import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The end of stream racing the last send: the last open handle sends then closes (the other
 * handle was closed before), and the receiver tries to receive meanwhile (two actors: jcstress
 * runs a test only with a CPU per actor). The receiver may see the message, nothing yet, or
 * (only once the message has been taken) the end — never the end before a message that then
 * arrives (the queue's seal decides that race), and the message arrives exactly once.
 *
 * <p>Result: what the receiver's try saw (0 nothing yet, 1 the message, 2 the end), how many
 * messages were received in all.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Nothing yet; the message was drained after.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The receiver's try got the message.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "The end was reported before a message that then arrived.")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "Lost: the end came and the message never did.")
@Outcome(expect = FORBIDDEN, desc = "A lost or duplicated message.")
@State
public class MpscSendVsLastSenderCloseTest {
    private final Mpsc<Integer> ch = Mpsc.bounded(4);
    private final MpscSender<Integer> tx0 = ch.sender();
    private final MpscSender<Integer> tx1 = tx0.copy();

    public MpscSendVsLastSenderCloseTest() {
        tx0.close();
    }
    private final MpscReceiver<Integer> rx = ch.receiver();
    private int seen;
    private int received;

    @Actor
    public void sendThenClose() {
        tx1.trySend(1);
        tx1.close();
    }

    @Actor
    public void receive() {
        try {
            Integer v = rx.tryRecv();
            seen = v == null ? 0 : 1;
            received = v == null ? 0 : 1;
        } catch (ChannelClosedException end) {
            seen = 2;
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = seen;
        r.r2 = received + MpscDrain.drain(rx);
    }
}
