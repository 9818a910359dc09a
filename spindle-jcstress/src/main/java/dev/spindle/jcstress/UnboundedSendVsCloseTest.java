package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.SendException;
import dev.spindle.channel.UnboundedMpsc;
import dev.spindle.channel.UnboundedSender;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An unbounded mpsc send racing the receiver's close, while the receiver looks for the end of
 * the stream: delivered (and received) or handed back, exactly one of the two.
 *
 * <p>Result: 1 sent / 2 refused, how many messages the receiver then drains.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Sent before the close; drained after it.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Refused by the close; the value was handed back.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the send succeeded but nothing arrived.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "Duplicated: refused, yet delivered.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class UnboundedSendVsCloseTest {
    private final UnboundedMpsc<Integer> ch = Mpsc.unbounded();
    private final UnboundedSender<Integer> tx = ch.sender();
    private final MpscReceiver<Integer> rx = ch.receiver();
    private int sent;

    @Actor
    public void sender() {
        try {
            tx.send(7);
            sent = 1;
        } catch (SendException e) {
            sent = 2;
        }
    }

    @Actor
    public void closer() {
        rx.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = sent;
        r.r2 = MpscDrain.drain(rx);
    }
}
