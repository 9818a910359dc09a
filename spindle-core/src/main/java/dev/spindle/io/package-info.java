/**
 * Asynchronous byte streams (Tokio's {@code tokio::io} and {@code tokio-util::codec}):
 * {@link dev.spindle.io.AsyncRead} and {@link dev.spindle.io.AsyncWrite} on {@link java.nio.ByteBuffer}s
 * with their helpers, {@link dev.spindle.io.BufReader}/{@link dev.spindle.io.BufWriter},
 * {@link dev.spindle.io.AsyncIo#copy copy}, {@link dev.spindle.io.Split split} halves, and the
 * codecs with {@link dev.spindle.io.Framed}.
 *
 * <p>I/O failures are unchecked: {@link java.io.UncheckedIOException} around the JDK's
 * {@link java.io.IOException}; protocol violations are {@link dev.spindle.io.CodecException}.
 */
package dev.spindle.io;
