package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.AbstractLincheckTest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * No lost wakeup in {@link FutureSet}: signals from several threads (set a future's flag, then
 * wake its waker, as a channel or timer would) race the owner's polls (begin a poll, drain the
 * ready futures). At the end, every flag still set must have woken the owner since its last poll
 * began, and one more owner poll must consume it — so a signal is never left unseen.
 */
@Param(name = "slot", gen = IntGen.class, conf = "0:1")
public class FutureSetLincheckTest extends AbstractLincheckTest {
    private static final int SLOTS = 2;

    private final FutureSet<Object> set = new FutureSet<>(SLOTS);
    private final AtomicIntegerArray flags = new AtomicIntegerArray(SLOTS);
    private final AtomicReferenceArray<Waker> wakers = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger ownerWakes = new AtomicInteger();
    private final Waker owner = ownerWakes::incrementAndGet;
    private final Context ownerCx = Context.of(owner);
    private int wakesAtLastPoll;

    public FutureSetLincheckTest() {
        for (int i = 0; i < SLOTS; i++) {
            int slot = i;
            set.add(new Future<Object>() {
                @Override
                public Poll<Object> poll(Context cx) {
                    wakers.set(slot, cx.waker());
                    flags.set(slot, 0); // consumes the signal, if any
                    return Poll.pending();
                }
            }, i);
        }
        drain(); // both futures polled once: their wakers are registered, nothing queued
    }

    private void drain() {
        wakesAtLastPoll = ownerWakes.get();
        set.beginPoll(owner);
        while (set.pollOne(ownerCx) != null) {
            throw new AssertionError("these futures never complete");
        }
    }

    /** Makes progress possible for a future, then wakes it. */
    @Operation
    public void signal(@Param(name = "slot") int slot) {
        flags.set(slot, 1);
        wakers.get(slot).wake();
    }

    /** One poll of the owner. */
    @Operation(nonParallelGroup = "owner")
    public void poll() {
        drain();
    }

    @Validate
    public void noLostWakeup() {
        boolean pending = false;
        for (int i = 0; i < SLOTS; i++) {
            pending |= flags.get(i) != 0;
        }
        if (pending && ownerWakes.get() == wakesAtLastPoll) {
            throw new AssertionError("a signalled future did not wake the owner");
        }
        drain();
        for (int i = 0; i < SLOTS; i++) {
            if (flags.get(i) != 0) {
                throw new AssertionError("slot " + i + " was signalled but not polled by the next owner poll");
            }
        }
    }

    @Override
    protected <O extends Options<O, ?>> O customize(O o) {
        return o.actorsPerThread(2).actorsBefore(1).actorsAfter(0);
    }
}
