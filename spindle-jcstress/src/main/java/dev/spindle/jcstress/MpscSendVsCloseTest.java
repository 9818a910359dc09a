package dev.spindle.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
import dev.spindle.channel.SendException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A bounded mpsc send racing the receiver's close: the value is either delivered (and
 * received) or handed back with {@link SendException} — never both, never neither.
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
public class MpscSendVsCloseTest {
    private final Mpsc<Integer> ch = Mpsc.bounded(4);
    private final MpscSender<Integer> tx = ch.sender();
    private final MpscReceiver<Integer> rx = ch.receiver();
    private int sent;

    @Actor
    public void sender() {
        try {
            sent = tx.trySend(7) ? 1 : 3;
        } catch (SendException e) {
            sent = e.<Integer>value() == 7 ? 2 : 4;
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
