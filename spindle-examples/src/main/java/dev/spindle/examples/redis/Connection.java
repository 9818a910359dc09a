package dev.spindle.examples.redis;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.channel.BroadcastReceiver;
import dev.spindle.channel.LaggedException;
import dev.spindle.net.TcpStream;
import dev.spindle.sync.SemaphorePermit;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client connection, served by one task ({@link #serve()}): read what has arrived, run
 * every complete request in it, answer them all with one write, repeat.
 *
 * <p><b>Bounded memory.</b> The connection does not read again until the replies of what it
 * read are written, so a client that sends without reading is held back by TCP, not buffered
 * here. Replies are written early once they pass {@link #FLUSH_THRESHOLD}. The read buffer grows
 * only with bytes that have arrived (a claimed bulk length is never allocated up front), reads at
 * most {@link #READ_WINDOW} bytes at a time, and shrinks back once a large request is done.
 *
 * <p><b>Ending.</b> The connection closes on QUIT, end of stream, an I/O error (the client went
 * away, perhaps mid-reply), a protocol error (after the error reply), a request left half-sent
 * longer than the partial-request timeout, a lagging subscriber, or the server's shutdown — in
 * that case after the replies of everything already read are written.
 */
final class Connection {
    /** Replies are written once they exceed this many bytes, even in the middle of a pipeline. */
    static final int FLUSH_THRESHOLD = 64 * 1024;
    /** The most bytes one read asks for (the JDK copies through a temporary buffer this large). */
    static final int READ_WINDOW = 64 * 1024;

    /*
     * Implementation notes.
     *
     * A connection is owned by its one task: no field is shared with another thread, except
     * through the Db, PubSub and MiniRedis objects, which are thread-safe. `in` is kept in write
     * mode between reads; handleBuffered flips it, lets the parser take every complete request,
     * and compacts it (without copying when nothing was taken, so a large bulk string arriving in
     * many reads is not copied over and over). Every change of `in`'s or the reply's capacity is
     * reported to the server's byte count, which the idle-connection test checks.
     *
     * Waiting happens in one select: the read, the server's shutdown signal and, when
     * subscribed, each channel's recv. All three kinds are cancel-safe, so the losers lose
     * nothing. The partial-request timeout wraps that select only while a request is half-read.
     */

    private final MiniRedis server;
    private final Commands commands;
    private final TcpStream stream;
    private final SemaphorePermit permit;
    private final RespParser parser;
    private final Reply out;
    private final int initialReadBuffer;
    private ByteBuffer in;
    /** The channels subscribed to, in subscription order; empty when not in subscribe mode. */
    private final Map<Key, BroadcastReceiver<byte[]>> subscriptions = new LinkedHashMap<>();
    private boolean quit;

    Connection(MiniRedis server, Commands commands, TcpStream stream, SemaphorePermit permit) {
        MiniRedisConfig cfg = server.config();
        this.server = server;
        this.commands = commands;
        this.stream = stream;
        this.permit = permit;
        this.parser = new RespParser(cfg.maxBulkLength(), cfg.maxRequestBytes());
        this.initialReadBuffer = cfg.readBufferSize();
        this.out = new Reply(1024);
        this.in = ByteBuffer.allocate(initialReadBuffer);
        server.accountBytes(initialReadBuffer);
    }

    /**
     * Serves the client until the connection ends, then closes it and gives back its permit.
     *
     * @return the future of the connection's task
     * @implNote Cancel safety: cancelling it (runtime shutdown) closes the socket and releases
     *     the permit and the subscriptions; replies not yet written are lost.
     */
    @Async
    Future<Void> serve() {
        try {
            while (true) {
                boolean more = true;
                while (more) {
                    more = handleBuffered();
                    if (out.size() > 0) {
                        stream.writeAll(out.buffer()).await();
                        out.clear();
                        server.accountBytes(out.takeGrowth());
                    }
                }
                if (quit || server.isShuttingDown()) {
                    break;
                }
                prepareRead();
                Duration limit = parser.inRequest() || in.position() > 0
                        ? server.config().partialRequestTimeout()
                        : subscriptions.isEmpty() ? server.config().idleTimeout() : null;
                Future<Futures.Selected<Object>> wait = Futures.select(waits());
                if (limit != null) {
                    wait = Time.timeout(limit, wait);
                }
                Futures.Selected<Object> event;
                try {
                    event = wait.await();
                } catch (ElapsedException | LaggedException e) {
                    break; // stalled mid-request, or a subscriber too slow to keep up
                } finally {
                    in.limit(in.capacity());
                }
                if (event.index() == 0) {
                    if ((Integer) event.value() < 0) {
                        break; // end of stream
                    }
                } else if (event.index() == 1) {
                    break; // shutdown: what was read has been answered
                } else {
                    if (event.value() == null) {
                        break;
                    }
                    message(channelAt(event.index() - 2), (byte[]) event.value());
                }
            }
        } catch (UncheckedIOException e) {
            // Reset by the peer or a broken pipe: the client is gone, perhaps mid-reply.
        } finally {
            close();
        }
        return Future.ready(null);
    }

    /** @return the futures one wait selects over: read, shutdown, then each subscription's recv */
    private List<Future<?>> waits() {
        List<Future<?>> waits = new ArrayList<>(2 + subscriptions.size());
        waits.add(stream.read(in));
        waits.add(server.shutdownSignal());
        for (BroadcastReceiver<byte[]> r : subscriptions.values()) {
            waits.add(r.recv());
        }
        return waits;
    }

    private Key channelAt(int i) {
        int k = 0;
        for (Key c : subscriptions.keySet()) {
            if (k++ == i) {
                return c;
            }
        }
        throw new IllegalStateException("no subscription " + i);
    }

    /**
     * Runs the complete requests in the read buffer.
     *
     * @return whether it stopped at the flush threshold with requests left to run
     */
    private boolean handleBuffered() {
        in.flip();
        try {
            while (out.size() < FLUSH_THRESHOLD) {
                List<byte[]> request;
                try {
                    request = parser.next(in);
                } catch (RespProtocolException e) {
                    out.error("ERR " + e.getMessage());
                    quit = true;
                    in.position(in.limit());
                    return false;
                }
                if (request == null) {
                    return false;
                }
                execute(request);
                if (quit) {
                    in.position(in.limit()); // requests after QUIT are not run
                    return false;
                }
            }
            return in.hasRemaining();
        } finally {
            compact();
        }
    }

    private void execute(List<byte[]> request) {
        String name = Commands.name(request);
        switch (name) {
            case "quit" -> {
                out.ok();
                quit = true;
            }
            case "subscribe" -> subscribe(request);
            case "unsubscribe" -> unsubscribe(request);
            default -> {
                if (subscriptions.isEmpty()) {
                    commands.execute(name, request, out);
                } else if (name.equals("ping")) {
                    // In subscribe mode RESP2 PING answers as a message: ["pong", arg or ""].
                    out.arrayHeader(2);
                    out.bulk("pong");
                    out.bulk(request.size() > 1 ? request.get(1) : new byte[0]);
                } else {
                    out.error("ERR Can't execute '" + Commands.sanitize(request.get(0))
                            + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
                }
            }
        }
    }

    private void subscribe(List<byte[]> request) {
        if (request.size() < 2) {
            Commands.wrongArity("subscribe", out);
            return;
        }
        for (int i = 1; i < request.size(); i++) {
            Key channel = new Key(request.get(i));
            if (!subscriptions.containsKey(channel)) {
                subscriptions.put(channel, server.pubsub().subscribe(channel));
            }
            confirmation("subscribe", channel);
        }
    }

    private void unsubscribe(List<byte[]> request) {
        List<Key> channels = new ArrayList<>();
        if (request.size() == 1) {
            channels.addAll(subscriptions.keySet());
            if (channels.isEmpty()) {
                confirmation("unsubscribe", null);
                return;
            }
        } else {
            for (int i = 1; i < request.size(); i++) {
                channels.add(new Key(request.get(i)));
            }
        }
        for (Key channel : channels) {
            BroadcastReceiver<byte[]> r = subscriptions.remove(channel);
            if (r != null) {
                server.pubsub().unsubscribe(channel, r);
            }
            confirmation("unsubscribe", channel);
        }
    }

    /** A (un)subscribe confirmation: [kind, channel or nil, subscription count]. */
    private void confirmation(String kind, Key channel) {
        out.arrayHeader(3);
        out.bulk(kind);
        if (channel == null) {
            out.nullBulk();
        } else {
            out.bulk(channel.bytes());
        }
        out.integer(subscriptions.size());
    }

    private void message(Key channel, byte[] payload) {
        out.arrayHeader(3);
        out.bulk(MESSAGE);
        out.bulk(channel.bytes());
        out.bulk(payload);
    }

    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

    /** Back to write mode after parsing, keeping the unparsed bytes. */
    private void compact() {
        if (!in.hasRemaining()) {
            if (in.capacity() > 16 * initialReadBuffer) {
                server.accountBytes(initialReadBuffer - in.capacity());
                in = ByteBuffer.allocate(initialReadBuffer);
            } else {
                in.clear();
            }
        } else if (in.position() == 0) {
            in.position(in.limit());
            in.limit(in.capacity());
        } else {
            in.compact();
        }
    }

    /**
     * Makes room for the next read: grows a full buffer (doubling, up to what the request in
     * progress needs, or the inline limit for an unfinished line) and caps the read at {@link
     * #READ_WINDOW}.
     */
    private void prepareRead() {
        if (!in.hasRemaining()) {
            // Full and the parser wants more: a bulk string in progress (bytesWanted counts from
            // the buffer's start, where compact put the request's unparsed part), else a line
            // shorter than the inline limit (a longer one was already refused by the parser).
            long target = parser.bytesWanted() > 1 ? parser.bytesWanted() : RespParser.MAX_INLINE + 3;
            long cap = Math.max(Math.min(2L * in.capacity(), target), in.capacity() + 1L);
            ByteBuffer bigger = ByteBuffer.allocate((int) cap);
            in.flip();
            bigger.put(in);
            server.accountBytes(bigger.capacity() - in.capacity());
            in = bigger;
        }
        in.limit(Math.min(in.capacity(), in.position() + READ_WINDOW));
    }

    private void close() {
        for (Map.Entry<Key, BroadcastReceiver<byte[]>> e : subscriptions.entrySet()) {
            server.pubsub().unsubscribe(e.getKey(), e.getValue());
        }
        subscriptions.clear();
        stream.close();
        server.accountBytes(out.takeGrowth() - in.capacity() - out.capacity());
        permit.close();
        server.connectionClosed();
    }
}
