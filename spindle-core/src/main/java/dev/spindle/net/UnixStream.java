package dev.spindle.net;

import dev.spindle.Future;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Unix-domain stream connection on the runtime's I/O driver (Tokio's {@code UnixStream}), on
 * the JDK's Unix-domain {@link SocketChannel} (Java 16+). It behaves as {@link TcpStream} does:
 * same failures, same close semantics, {@link #split()} into halves for two tasks.
 */
public final class UnixStream extends SocketStream {

    UnixStream(SocketIo io) {
        super(io);
    }

    /**
     * Connects to the socket file at {@code path}.
     *
     * @param path the listener's path
     * @return a future of the connected stream; it fails with
     *     {@link java.io.UncheckedIOException} if nobody listens there
     * @implNote Cancel safety: cancelling closes the half-open socket; nothing leaks.
     */
    public static Future<UnixStream> connect(Path path) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Objects.requireNonNull(path, "path"));
        return new Connect<>(address, () -> SocketChannel.open(StandardProtocolFamily.UNIX), UnixStream::new);
    }

}
