package dev.spindle.io;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Frames over a byte stream (tokio-util's {@code Framed}): an {@link AsyncStream} of the frames
 * that a {@link Decoder} finds in what is read, and a sink that encodes frames with an
 * {@link Encoder} into a write buffer.
 *
 * <pre>{@code
 * Framed<String> lines = Framed.of(tcpStream, new LinesCodec());
 * Future<String> first = lines.next();          // null at end of stream
 * Future<Void> sent = lines.send("hello");      // encode, write, flush
 * }</pre>
 *
 * <p><b>Reading.</b> The read buffer holds at most one partial frame plus one read's worth of
 * bytes: decoders bound the frame length ({@link LinesCodec}, {@link LengthDelimitedCodec}), so a
 * peer cannot make it grow without bound. A {@link CodecException} from the decoder ends the
 * stream with that failure. At end of stream, {@link Decoder#decodeEof} gets what is left.
 *
 * <p><b>Writing.</b> {@link #feed} only buffers; {@link #flush()} writes the buffer out and
 * flushes the writer; {@link #send} does both. Before buffering a frame, {@link #pollReady}
 * writes the buffer out if it holds more than {@value #BACKPRESSURE_BOUNDARY} bytes, so a fast
 * producer waits for a slow peer instead of buffering without bound.
 *
 * <p>Reading and writing are independent: one task may read frames while another sends, when
 * the underlying reader and writer allow it (sockets, or the halves of a {@link Split}).
 *
 * @param <T> the frame type
 */
public final class Framed<T> implements AsyncStream<T> {
    /** Bytes buffered for writing beyond which {@link #pollReady} writes them out first. */
    public static final int BACKPRESSURE_BOUNDARY = 8 * 1024;
    private static final int INITIAL_READ_CAPACITY = 8 * 1024;

    private final AsyncRead reader;
    private final AsyncWrite writer;
    private final Decoder<T> decoder;
    private final Encoder<? super T> encoder;
    /** Read mode: the bytes read and not yet decoded. */
    private ByteBuffer rbuf = ByteBuffer.allocate(INITIAL_READ_CAPACITY).flip();
    /** Read mode: the encoded bytes not yet written. */
    private ByteBuffer wbuf = ByteBuffer.allocate(0);
    private boolean eof;
    private boolean ended;

    /**
     * Frames over a separate reader and writer (they may be the same object).
     *
     * @param reader where frames are read from
     * @param writer where frames are written to
     * @param decoder finds frames in the bytes read
     * @param encoder encodes frames to write
     */
    public Framed(AsyncRead reader, AsyncWrite writer, Decoder<T> decoder, Encoder<? super T> encoder) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * Frames over a duplex stream with one codec.
     *
     * @param stream the stream
     * @param codec the codec
     * @param <T> the frame type
     * @param <S> the stream type
     * @return the framed stream
     */
    public static <T, S extends AsyncRead & AsyncWrite> Framed<T> of(S stream, Codec<T> codec) {
        return new Framed<>(stream, stream, codec, codec);
    }

    // ------------------------------------------------------------------ the stream of frames

    @Override
    public Poll<T> pollNext(Context cx) {
        if (ended) {
            throw new IllegalStateException("the framed stream has ended");
        }
        while (true) {
            T frame;
            try {
                frame = eof ? decoder.decodeEof(rbuf) : decoder.decode(rbuf);
            } catch (RuntimeException e) {
                ended = true;
                throw e;
            }
            if (frame != null) {
                return Poll.ready(frame);
            }
            if (eof) {
                ended = true;
                return AsyncStream.end();
            }
            rbuf.compact();
            if (!rbuf.hasRemaining()) {
                rbuf = ByteBuffer.allocate(rbuf.capacity() * 2).put(rbuf.flip());
            }
            Poll<Integer> p;
            try {
                p = reader.pollRead(cx, rbuf);
            } finally {
                rbuf.flip();
            }
            if (!(p instanceof Poll.Ready<Integer> r)) {
                return Poll.pending();
            }
            if (r.value() < 0) {
                eof = true;
            }
        }
    }

    /** Withdraws the pending read's interest; the underlying stream stays open. */
    @Override
    public void cancel() {
        reader.cancelRead();
    }

    /** @return the bytes read but not yet decoded, for a caller that takes the stream back */
    public ByteBuffer readBuffer() {
        return rbuf.asReadOnlyBuffer();
    }

    // ------------------------------------------------------------------ the sink

    /**
     * Ready when a frame may be buffered: writes the buffer out first if it is over
     * {@link #BACKPRESSURE_BOUNDARY}.
     *
     * @param cx the context
     * @return ready when {@link #startSend} may be called
     */
    public Poll<Void> pollReady(Context cx) {
        while (wbuf.remaining() >= BACKPRESSURE_BOUNDARY) {
            if (!writer.pollWrite(cx, wbuf).isReady()) {
                return Poll.pending();
            }
        }
        return Poll.ready(null);
    }

    /**
     * Encodes {@code frame} into the write buffer (after {@link #pollReady} was ready).
     *
     * @param frame the frame
     * @throws CodecException if the encoder refuses it
     */
    public void startSend(T frame) {
        ByteBuffer bytes = encoder.encode(frame);
        if (wbuf.capacity() - wbuf.limit() < bytes.remaining()) {
            int need = wbuf.remaining() + bytes.remaining();
            ByteBuffer grown = ByteBuffer.allocate(Math.max(need, Math.min(2 * wbuf.capacity(), need + BACKPRESSURE_BOUNDARY)));
            wbuf = grown.put(wbuf).flip();
        }
        int pos = wbuf.position();
        wbuf.position(wbuf.limit()).limit(wbuf.capacity());
        wbuf.put(bytes);
        wbuf.limit(wbuf.position()).position(pos);
    }

    /**
     * Writes the buffered frames out and flushes the writer.
     *
     * @param cx the context
     * @return ready once everything buffered was written and flushed
     */
    public Poll<Void> pollFlush(Context cx) {
        while (wbuf.hasRemaining()) {
            if (!writer.pollWrite(cx, wbuf).isReady()) {
                return Poll.pending();
            }
        }
        wbuf.clear().flip();
        return writer.pollFlush(cx);
    }

    /**
     * Buffers {@code frame} (waiting first if the buffer is over the boundary), without flushing.
     *
     * @param frame the frame
     * @return a future completing once the frame is buffered
     * @implNote Cancel safety: cancel-safe: if cancelled before it completes, the frame was not
     *     buffered.
     */
    public Future<Void> feed(T frame) {
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                if (!pollReady(cx).isReady()) {
                    return Poll.pending();
                }
                startSend(frame);
                return Poll.ready(null);
            }

            @Override
            public void cancel() {
                writer.cancelWrite();
            }
        };
    }

    /**
     * Buffers {@code frame} and flushes.
     *
     * @param frame the frame
     * @return a future completing once the frame was written and flushed
     * @implNote Cancel safety: not cancel-safe: once buffered, the frame may have been partly
     *     written when the future is cancelled; the rest stays buffered for the next flush.
     */
    public Future<Void> send(T frame) {
        return new Future<>() {
            private boolean buffered;

            @Override
            public Poll<Void> poll(Context cx) {
                if (!buffered) {
                    if (!pollReady(cx).isReady()) {
                        return Poll.pending();
                    }
                    startSend(frame);
                    buffered = true;
                }
                return pollFlush(cx);
            }

            @Override
            public void cancel() {
                writer.cancelWrite();
            }
        };
    }

    /**
     * Writes the buffered frames out and flushes.
     *
     * @return a future completing once flushed
     * @implNote Cancel safety: cancel-safe: unwritten bytes stay buffered.
     */
    public Future<Void> flush() {
        return new WriterFuture(this::pollFlush);
    }

    /**
     * Flushes, then shuts the writer's direction down (a socket's FIN).
     *
     * @return a future completing once shut down
     * @implNote Cancel safety: cancel-safe; it may be retried.
     */
    public Future<Void> shutdown() {
        boolean[] flushed = {false};
        return new WriterFuture(cx -> {
            if (!flushed[0]) {
                if (!pollFlush(cx).isReady()) {
                    return Poll.pending();
                }
                flushed[0] = true;
            }
            return writer.pollShutdown(cx);
        });
    }

    /** A sink operation as a future whose cancellation withdraws the pending write's interest. */
    private final class WriterFuture implements Future<Void> {
        private final java.util.function.Function<Context, Poll<Void>> op;

        WriterFuture(java.util.function.Function<Context, Poll<Void>> op) {
            this.op = op;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            return op.apply(cx);
        }

        @Override
        public void cancel() {
            writer.cancelWrite();
        }
    }
}
