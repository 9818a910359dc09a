package dev.spindle.examples.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for {@link IdleConnectionsTest}: opens {@code n} connections to a port, makes
 * each do one PING (so the server has accepted every one), prints {@code ready}, then holds
 * them idle until its stdin closes. Run in its own JVM so that the client sockets do not count
 * against the server process's file-descriptor limit.
 */
public final class IdleClients {
    private IdleClients() {
    }

    /**
     * @param args the port and the number of connections
     * @throws IOException if a connection fails
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        List<SocketChannel> open = new ArrayList<>(n);
        byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer reply = ByteBuffer.allocate(7);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            open.add(ch);
            ch.write(ByteBuffer.wrap(ping));
            reply.clear();
            while (reply.hasRemaining()) {
                if (ch.read(reply) < 0) {
                    throw new IOException("connection " + i + " closed by the server");
                }
            }
            if (!"+PONG\r\n".equals(new String(reply.array(), StandardCharsets.US_ASCII))) {
                throw new IOException("connection " + i + " got " + new String(reply.array(), StandardCharsets.US_ASCII));
            }
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until the test closes our stdin
        }
        for (SocketChannel ch : open) {
            ch.close();
        }
    }
}
