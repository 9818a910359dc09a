package dev.spindle.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two halves of a duplex byte stream, usable from different tasks at the same time (Tokio's
 * {@code into_split}): {@link #reader()} reads, {@link #writer()} writes.
 *
 * <p>Closing the writer shuts the writing direction down (the peer reads end of stream); the
 * stream itself is closed once both halves are closed.
 *
 * @param reader the read half
 * @param writer the write half
 */
public record Split(ReadHalf reader, WriteHalf writer) {

    /**
     * Splits {@code stream}. Only for streams whose read and write sides are independent and may
     * be polled by two threads at once, as sockets are ({@code TcpStream.split()},
     * {@code UnixStream.split()}); a stream with shared state on both sides is not.
     *
     * @param stream the stream; the halves own it from now on
     * @param <S> the stream type
     * @return the halves
     */
    @SuppressWarnings("try") // the stream is closed by the halves, never in a try-with-resources here
    public static <S extends AsyncRead & AsyncWrite & AutoCloseable> Split of(S stream) {
        Closer closer = new Closer(stream);
        return new Split(new ReadHalf(stream, closer), new WriteHalf(stream, closer));
    }

    /** Closes the stream when the second half is closed. */
    static final class Closer {
        private final AutoCloseable stream;
        private final AtomicInteger open = new AtomicInteger(2);

        Closer(AutoCloseable stream) {
            this.stream = stream;
        }

        void halfClosed() {
            if (open.decrementAndGet() == 0) {
                try {
                    stream.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the stream failed", e);
                }
            }
        }
    }
}
