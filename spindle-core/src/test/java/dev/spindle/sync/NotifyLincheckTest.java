package dev.spindle.sync;

import dev.spindle.channel.ChannelLincheckTest;
import dev.spindle.support.PolledByHand;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Linearizability of Notify: notifyOne and notifyWaiters from any thread; two waiters, each on
 * its own thread, with a notified() future kept across operations (created, polled, or cancelled — a
 * cancel must pass on a notifyOne it was handed). Results: whether the poll completed. After the
 * run, a pending waiter that can complete now was woken, and no notifyOne was lost: if a permit
 * was handed to a cancelled waiter, a fresh notified() still finds it.
 */
public class NotifyLincheckTest extends ChannelLincheckTest {
    private final Notify notify = new Notify();
    private final Slot a = new Slot();
    private final Slot b = new Slot();

    /** A waiter with its notified() future kept across operations. */
    private final class Slot {
        PolledByHand<Void> f;
        /** The last poll returned pending (so a waker is registered). */
        boolean pending;

        /** notified() captures notifyWaiters' count when created, so creating is its own step. */
        boolean create() {
            if (f != null) {
                return false;
            }
            f = PolledByHand.of(notify.notified());
            return true;
        }

        boolean poll() {
            if (f == null) {
                return false;
            }
            if (f.poll()) {
                f = null;
                pending = false;
                return true;
            }
            pending = true;
            return false;
        }

        boolean cancel() {
            if (f == null) {
                return false;
            }
            f.cancel();
            f = null;
            pending = false;
            return true;
        }

        void checkWoken() {
            if (f != null && pending) {
                boolean woken = f.isWoken();
                if (f.poll() && !woken) {
                    throw new AssertionError("a pending notified() could complete but was never woken");
                }
            }
        }
    }

    @Operation
    public void notifyOne() {
        notify.notifyOne();
    }

    @Operation
    public void notifyWaiters() {
        notify.notifyWaiters();
    }

    @Operation(nonParallelGroup = "a")
    public boolean createA() {
        return a.create();
    }

    @Operation(nonParallelGroup = "b")
    public boolean createB() {
        return b.create();
    }

    @Operation(nonParallelGroup = "a")
    public boolean pollA() {
        return a.poll();
    }

    @Operation(nonParallelGroup = "a")
    public boolean cancelA() {
        return a.cancel();
    }

    @Operation(nonParallelGroup = "b")
    public boolean pollB() {
        return b.poll();
    }

    @Operation(nonParallelGroup = "b")
    public boolean cancelB() {
        return b.cancel();
    }

    /** No lost wakeup. */
    @Validate
    public void noLostWakeup() {
        a.checkWoken();
        b.checkWoken();
    }
}
