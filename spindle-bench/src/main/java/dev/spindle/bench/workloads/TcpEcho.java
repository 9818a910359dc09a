package dev.spindle.bench.workloads;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.JoinAll;
import dev.spindle.bench.support.VirtualThreads;
import dev.spindle.io.AsyncIo;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * tcp_echo: an echo server on 127.0.0.1 and 50 connections, each making 2,000 sequential
 * round trips of 64 bytes. One op = one round trip; the extra {@code round_trips_per_s} is the
 * throughput WORKLOADS.md's target is stated in.
 *
 * <p>Server and clients run on the peer under test (the same runtime, the same two event loops,
 * virtual threads). Every connection sets {@code TCP_NODELAY}. Each run checks every echoed
 * byte (each message carries its connection and round number) and the total round trips.
 *
 * <ul>
 *   <li>{@code spindle-mt}/{@code spindle-ct}: {@link TcpListener}/{@link TcpStream} on the
 *       runtime's driver, every task an {@code @Async} method: the accept loop, a per-connection
 *       echo loop ({@code read} then {@code writeAll}), and the clients ({@code writeAll} then
 *       {@code readExact}).</li>
 *   <li>{@code spindle-mt-hand}/{@code spindle-ct-hand}: the same on hand-written futures; the
 *       server echoes with {@link AsyncIo#copy}.</li>
 *   <li>{@code vt}: blocking {@link ServerSocket}/{@link Socket} with a virtual thread per
 *       connection, server and client side.</li>
 *   <li>{@code netty}: Netty 4.2's NIO transport, one {@link MultiThreadIoEventLoopGroup} of 2
 *       threads for the server's and the clients' channels; the server writes back what it
 *       reads and flushes at read-complete.</li>
 * </ul>
 */
public final class TcpEcho implements Workload {
    static final int CONNECTIONS = 50;
    static final int ROUND_TRIPS = 2_000;
    static final int MESSAGE = 64;

    @Override
    public String name() {
        return "tcp_echo";
    }

    @Override
    public long ops() {
        return (long) CONNECTIONS * ROUND_TRIPS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, TcpEcho::acceptLoop, TcpEcho::clients);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, AcceptLoop::new, TcpEcho::handClients);
            case VT -> new OnVirtualThreads();
            case NETTY -> new OnNetty();
            default -> throw peer.unsupportedBy(name()); // WORKLOADS.md: spindle-*, vt, netty
        };
    }

    private static RunResult result(long nanos, long roundTrips) {
        BenchFailure.checkEquals("round trips", (long) CONNECTIONS * ROUND_TRIPS, roundTrips);
        return new RunResult(nanos, Map.of("round_trips_per_s", roundTrips * 1e9 / nanos));
    }

    /** Fills {@code b} (64 bytes) with the pattern of connection {@code conn}, round {@code round}. */
    static void fill(byte[] b, int conn, int round) {
        for (int i = 0; i < MESSAGE; i++) {
            b[i] = (byte) (conn * 31 + round * 7 + i);
        }
    }

    static void check(byte[] expected, byte[] got, int conn, int round) {
        for (int i = 0; i < MESSAGE; i++) {
            if (expected[i] != got[i]) {
                throw new BenchFailure("connection " + conn + " round " + round + ": byte " + i + " echoed wrong");
            }
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    // ---- Spindle ----

    /** How a Spindle peer's clients are started: the root task, given the address and the trip counter. */
    private interface ClientsRoot {
        Future<Void> start(InetSocketAddress addr, AtomicLong trips);
    }

    /** The Spindle peers; the server's accept loop and the clients' root are {@code @Async} or hand-written. */
    private static final class OnSpindle extends SpindleTrial {
        private final TcpListener listener;
        private final ClientsRoot clients;
        private final JoinHandle<Void> acceptor;

        OnSpindle(Peer peer, Function<TcpListener, Future<Void>> acceptLoop, ClientsRoot clients) {
            super(peer);
            this.clients = clients;
            listener = TcpListener.bind(loopback());
            acceptor = rt.spawn(acceptLoop.apply(listener));
        }

        @Override
        public RunResult run() {
            AtomicLong trips = new AtomicLong();
            InetSocketAddress addr = listener.localAddress();
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(clients.start(addr, trips)));
            long t1 = System.nanoTime();
            return result(t1 - t0, trips.get());
        }

        @Override
        public void close() {
            acceptor.abort(); // first: a loop woken by the listener's close would fail, and be reported
            listener.close();
            super.close();
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    /** Accepts until the listener is closed; each connection is echoed by a task of its own. */
    @Async
    private static Future<Void> acceptLoop(TcpListener listener) {
        while (true) {
            TcpStream s = listener.accept().await().setNoDelay(true);
            Task.spawn(echo(s));
        }
    }

    /** Writes back what it reads until the client closes. */
    @Async
    private static Future<Void> echo(TcpStream s) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            buf.clear();
            int n = s.read(buf).await();
            if (n < 0) {
                s.close();
                return Future.ready(null);
            }
            buf.flip();
            s.writeAll(buf).await();
        }
    }

    /** Spawns the clients and awaits them all. */
    @Async
    private static Future<Void> clients(InetSocketAddress addr, AtomicLong trips) {
        List<JoinHandle<Void>> handles = new ArrayList<>(CONNECTIONS);
        for (int c = 0; c < CONNECTIONS; c++) {
            handles.add(Task.spawn(client(addr, c, trips)));
        }
        for (JoinHandle<Void> h : handles) {
            h.await();
        }
        return Future.ready(null);
    }

    /** One connection's round trips, each echo checked. */
    @Async
    private static Future<Void> client(InetSocketAddress addr, int conn, AtomicLong trips) {
        TcpStream s = TcpStream.connect(addr).await().setNoDelay(true);
        byte[] expected = new byte[MESSAGE];
        byte[] got = new byte[MESSAGE];
        ByteBuffer out = ByteBuffer.wrap(expected);
        ByteBuffer in = ByteBuffer.wrap(got);
        for (int round = 0; round < ROUND_TRIPS; round++) {
            fill(expected, conn, round);
            out.clear();
            in.clear();
            s.writeAll(out).await();
            s.readExact(in).await(); // fails with an EOFException if the server closed early
            check(expected, got, conn, round);
        }
        s.close();
        trips.addAndGet(ROUND_TRIPS);
        return Future.ready(null);
    }

    /** Spawns the hand-written clients and joins them all. */
    private static Future<Void> handClients(InetSocketAddress addr, AtomicLong trips) {
        return Future.lazy(() -> {
            Future<?>[] clients = new Future<?>[CONNECTIONS];
            for (int c = 0; c < CONNECTIONS; c++) {
                clients[c] = Task.spawn(new Client(addr, c, trips));
            }
            return new JoinAll(clients);
        });
    }

    /** Accepts forever; each connection is echoed by a task of its own until the client closes. */
    private static final class AcceptLoop implements Future<Void> {
        private final TcpListener listener;
        private Future<TcpStream> accept;

        AcceptLoop(TcpListener listener) {
            this.listener = listener;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (true) {
                if (accept == null) {
                    accept = listener.accept();
                }
                if (!(accept.poll(cx) instanceof Poll.Ready<TcpStream> r)) {
                    return Poll.pending();
                }
                accept = null;
                TcpStream s = r.value().setNoDelay(true);
                Task.spawn(AsyncIo.copy(s, s).map(n -> {
                    s.close();
                    return n;
                }));
            }
        }
    }

    /**
     * {@code let s = connect().await; for r in 0..N { s.write_all(msg).await; s.read_exact(buf).await; check }}
     * by hand.
     */
    private static final class Client implements Future<Void> {
        private final InetSocketAddress addr;
        private final int conn;
        private final AtomicLong trips;
        private final byte[] expected = new byte[MESSAGE];
        private final byte[] got = new byte[MESSAGE];
        private final ByteBuffer out = ByteBuffer.wrap(expected);
        private final ByteBuffer in = ByteBuffer.wrap(got);
        private Future<TcpStream> connecting;
        private TcpStream s;
        private int round;
        private boolean writing = true;

        Client(InetSocketAddress addr, int conn, AtomicLong trips) {
            this.addr = addr;
            this.conn = conn;
            this.trips = trips;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (s == null) {
                if (connecting == null) {
                    connecting = TcpStream.connect(addr);
                }
                if (!(connecting.poll(cx) instanceof Poll.Ready<TcpStream> r)) {
                    return Poll.pending();
                }
                s = r.value().setNoDelay(true);
                fill(expected, conn, 0);
            }
            while (round < ROUND_TRIPS) {
                if (writing) {
                    while (out.hasRemaining()) {
                        if (!s.pollWrite(cx, out).isReady()) {
                            return Poll.pending();
                        }
                    }
                    writing = false;
                }
                while (in.hasRemaining()) {
                    if (!(s.pollRead(cx, in) instanceof Poll.Ready<Integer> n)) {
                        return Poll.pending();
                    }
                    if (n.value() < 0) {
                        throw new BenchFailure("connection " + conn + ": server closed at round " + round);
                    }
                }
                check(expected, got, conn, round);
                round++;
                fill(expected, conn, round);
                out.clear();
                in.clear();
                writing = true;
            }
            s.close();
            trips.addAndGet(ROUND_TRIPS);
            return Poll.ready(null);
        }
    }

    // ---- virtual threads ----

    private static final class OnVirtualThreads implements Trial {
        private final ServerSocket server;
        private final Thread acceptor;

        OnVirtualThreads() {
            try {
                server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = Thread.startVirtualThread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.startVirtualThread(() -> echo(s));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        private static void echo(Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public RunResult run() throws Exception {
            AtomicLong trips = new AtomicLong();
            int port = server.getLocalPort();
            long t0 = System.nanoTime();
            VirtualThreads.runAndJoin(() -> {
                List<Thread> clients = new ArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    int conn = c;
                    clients.add(Thread.startVirtualThread(() -> {
                        try {
                            client(port, conn);
                            trips.addAndGet(ROUND_TRIPS);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }));
                }
                for (Thread t : clients) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("a client failed", failure.get());
                }
            });
            long t1 = System.nanoTime();
            return result(t1 - t0, trips.get());
        }

        private static void client(int port, int conn) throws IOException {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] expected = new byte[MESSAGE];
                byte[] got = new byte[MESSAGE];
                for (int r = 0; r < ROUND_TRIPS; r++) {
                    fill(expected, conn, r);
                    out.write(expected);
                    in.readFully(got);
                    check(expected, got, conn, r);
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                acceptor.join();
            } catch (IOException | InterruptedException ignored) {
                // shutting down
            }
        }
    }

    // ---- Netty ----

    private static final class OnNetty implements Trial {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        private final Channel server;

        OnNetty() {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new EchoHandler());
                        }
                    })
                    .bind(loopback())
                    .syncUninterruptibly()
                    .channel();
        }

        @Override
        public RunResult run() throws Exception {
            AtomicLong trips = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(CONNECTIONS);
            InetSocketAddress addr = (InetSocketAddress) server.localAddress();
            long t0 = System.nanoTime();
            for (int c = 0; c < CONNECTIONS; c++) {
                int conn = c;
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ClientHandler(conn, trips, failure, done))
                        .connect(addr)
                        .addListener((ChannelFutureListener) f -> {
                            if (!f.isSuccess()) {
                                failure.compareAndSet(null, f.cause());
                                done.countDown();
                            }
                        });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new BenchFailure("netty clients did not finish");
            }
            long t1 = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("a netty client failed", failure.get());
            }
            return result(t1 - t0, trips.get());
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Writes back what it reads; flushes once per read burst. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One client connection: sends a message, gathers its 64-byte echo, checks it, sends the next. */
    private static final class ClientHandler extends ChannelInboundHandlerAdapter {
        private final int conn;
        private final AtomicLong trips;
        private final AtomicReference<Throwable> failure;
        private final CountDownLatch done;
        private final byte[] expected = new byte[MESSAGE];
        private final byte[] got = new byte[MESSAGE];
        private int have;
        private int round;

        ClientHandler(int conn, AtomicLong trips, AtomicReference<Throwable> failure, CountDownLatch done) {
            this.conn = conn;
            this.trips = trips;
            this.failure = failure;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            fill(expected, conn, round);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(expected.clone()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                while (b.isReadable()) {
                    int n = Math.min(b.readableBytes(), MESSAGE - have);
                    b.readBytes(got, have, n);
                    have += n;
                    if (have == MESSAGE) {
                        check(expected, got, conn, round);
                        have = 0;
                        round++;
                        if (round == ROUND_TRIPS) {
                            trips.addAndGet(ROUND_TRIPS);
                            ctx.close();
                            done.countDown();
                            return;
                        }
                        send(ctx);
                    }
                }
            } finally {
                b.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.compareAndSet(null, cause);
            ctx.close();
            done.countDown();
        }
    }
}
