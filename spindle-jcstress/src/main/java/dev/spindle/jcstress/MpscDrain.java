package dev.spindle.jcstress;

import dev.spindle.channel.ChannelClosedException;
import dev.spindle.channel.MpscReceiver;

/** The arbiters' drain of an mpsc receiver, after every actor finished. */
final class MpscDrain {
    private MpscDrain() {
    }

    /**
     * @param rx the receiver
     * @return how many messages were left, taken until the channel reports empty or its end
     */
    static int drain(MpscReceiver<Integer> rx) {
        int n = 0;
        try {
            while (rx.tryRecv() != null) {
                n++;
            }
        } catch (ChannelClosedException end) {
            // drained to the end of the stream
        }
        return n;
    }
}
