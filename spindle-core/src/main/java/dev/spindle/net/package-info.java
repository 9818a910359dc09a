/**
 * Sockets on the runtime's integrated I/O driver (Tokio's {@code tokio::net}): TCP
 * ({@link dev.spindle.net.TcpListener}, {@link dev.spindle.net.TcpStream}), UDP
 * ({@link dev.spindle.net.UdpSocket}) and Unix-domain streams ({@link dev.spindle.net.UnixListener},
 * {@link dev.spindle.net.UnixStream}). Every socket is a non-blocking NIO channel registered with
 * the driver's selector; no operation blocks a thread, every operation spends the task's
 * cooperative budget, and closing a socket wakes its pending operations with
 * {@link java.nio.channels.AsynchronousCloseException} (in an {@link java.io.UncheckedIOException}).
 */
package dev.spindle.net;
