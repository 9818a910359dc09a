package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The byte-stream operations that {@link TcpStream} and {@link UnixStream} share: a connected,
 * non-blocking {@link SocketChannel} and its {@link LazyRegistration}. Reads and writes use
 * separate sides of the registration, so one task may read while another writes.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Skipping the system call that would block.</b> An operation tries the system call while
 * its side is marked ready; a call that would block clears the side and the operation waits for
 * the driver. Two hints clear a side earlier, each sparing a {@code read}/{@code write} that
 * would return nothing (in tcp_echo, together two of the six reads and writes a round trip made):
 * <ul>
 *   <li>a transfer of fewer bytes than asked: a stream socket reads less only when its receive
 *       buffer ran dry and writes less only when its send buffer is full (Tokio does the same);</li>
 *   <li>a successful write clears the <em>read</em> side: in a request/response exchange the
 *       answer to what was just written cannot have arrived yet (Netty, likewise, reads only
 *       when the selector reports data). Bytes that were already waiting — a read that filled
 *       its buffer exactly, then a write — are still found: the read's wait arms interest and
 *       the level-triggered selector reports them at its next selection.</li>
 * </ul>
 * A wrong hint costs one wait for the driver, never a lost byte or wakeup
 * ({@link IoRegistration#clearReady}).
 */
final class SocketIo {
    private final SocketChannel ch;
    private final LazyRegistration reg;

    SocketIo(SocketChannel ch) {
        this.ch = ch;
        this.reg = new LazyRegistration(ch);
    }

    /** A stream whose registration was already made (by a connect). */
    SocketIo(SocketChannel ch, IoRegistration reg) {
        this.ch = ch;
        this.reg = new LazyRegistration(ch, reg);
    }

    LazyRegistration lazyRegistration() {
        return reg;
    }

    SocketChannel channel() {
        return ch;
    }

    /** @return the registration if one was made, for tests */
    IoRegistration registrationOrNull() {
        return reg.orNull();
    }

    Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return pollTransfer(cx, dst, SelectionKey.OP_READ);
    }

    Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return pollTransfer(cx, src, SelectionKey.OP_WRITE);
    }

    /** One read or write: spend budget, then try the system call until it would block. */
    private Poll<Integer> pollTransfer(Context cx, ByteBuffer buf, int op) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        if (!buf.hasRemaining()) {
            return Poll.ready(0);
        }
        IoRegistration r = reg.get();
        boolean write = op == SelectionKey.OP_WRITE;
        while (r.pollReady(op, cx)) {
            int asked = buf.remaining();
            int n;
            try {
                n = write ? ch.write(buf) : ch.read(buf);
            } catch (IOException e) {
                throw failure(r, e);
            }
            if (n == 0) {
                r.clearReady(op); // would block: wait for the driver
                continue;
            }
            // The hints of the class notes: a short transfer clears its own side, a write the read side.
            int clear = (n > 0 && n < asked ? op : 0) | (write ? SelectionKey.OP_READ : 0);
            if (clear != 0) {
                r.clearReady(clear);
            }
            return Poll.ready(n);
        }
        return Poll.pending();
    }

    /**
     * Shuts the output down. It spends no budget: it completes at once, at most once per stream,
     * so it cannot starve other tasks, and a write half's close relies on it not being refused.
     */
    Poll<Void> pollShutdown(Context cx) {
        try {
            ch.shutdownOutput();
        } catch (java.nio.channels.NotYetConnectedException e) {
            throw new UncheckedIOException(new IOException("not connected", e));
        } catch (IOException e) {
            throw failure(reg.orNull(), e);
        }
        return Poll.ready(null);
    }

    void cancelRead() {
        reg.dropInterest(SelectionKey.OP_READ);
    }

    void cancelWrite() {
        reg.dropInterest(SelectionKey.OP_WRITE);
    }

    void close() {
        reg.close();
    }

    /** An I/O failure; a close that raced with the system call reads as the registration's close failure. */
    static UncheckedIOException failure(IoRegistration r, IOException e) {
        if (e instanceof java.nio.channels.ClosedChannelException && r != null && r.isClosed()) {
            return new UncheckedIOException("closed", e);
        }
        return new UncheckedIOException(e);
    }
}
