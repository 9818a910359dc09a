package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking connect shared by {@link TcpStream#connect} and {@link UnixStream#connect}:
 * opens the channel at the first poll, registers it, and waits for {@code OP_CONNECT}. Cancelling
 * (or failing) closes the channel, so an abandoned attempt leaks nothing.
 *
 * @param <S> the stream type
 */
final class Connect<S> implements Future<S> {
    interface Opener {
        SocketChannel open() throws IOException;
    }

    interface Wrap<S> {
        S wrap(SocketIo io);
    }

    private final SocketAddress address;
    private final Opener opener;
    private final Wrap<S> wrap;
    private SocketChannel ch;
    private IoRegistration reg;

    Connect(SocketAddress address, Opener opener, Wrap<S> wrap) {
        this.address = address;
        this.opener = opener;
        this.wrap = wrap;
    }

    @Override
    public Poll<S> poll(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        try {
            if (ch == null) {
                ch = opener.open();
                reg = IoRegistration.registerCurrent(ch);
                if (ch.connect(address)) {
                    return done();
                }
                reg.clearReady(SelectionKey.OP_CONNECT);
            }
            while (reg.pollReady(SelectionKey.OP_CONNECT, cx)) {
                if (ch.finishConnect()) {
                    return done();
                }
                reg.clearReady(SelectionKey.OP_CONNECT);
            }
            return Poll.pending();
        } catch (IOException e) {
            abandon();
            throw new UncheckedIOException("connect to " + address + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    private Poll<S> done() {
        SocketIo io = new SocketIo(ch, reg);
        ch = null;
        reg = null;
        return Poll.ready(wrap.wrap(io));
    }

    private void abandon() {
        if (reg != null) {
            reg.close();
        } else if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the descriptor is released either way
            }
        }
        reg = null;
        ch = null;
    }

    @Override
    public void cancel() {
        abandon();
    }
}
