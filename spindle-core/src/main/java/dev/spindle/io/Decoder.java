package dev.spindle.io;

import java.nio.ByteBuffer;

/**
 * Turns bytes into frames (tokio-util's {@code Decoder}), for {@link Framed}.
 *
 * @param <T> the frame type
 */
public interface Decoder<T> {

    /**
     * Decodes one frame from the start of {@code src} if it holds a whole one.
     *
     * @param src the bytes read so far, in read mode; the decoder advances its position past
     *     what it consumed (a returned frame, or bytes it may skip)
     * @return the frame, or {@code null} if more bytes are needed
     * @throws CodecException if the bytes cannot be a valid frame (too long, malformed)
     */
    T decode(ByteBuffer src);

    /**
     * Decodes at end of stream. The default returns a last whole frame if there is one, fails
     * if bytes of a partial frame are left, and returns {@code null} when nothing is left.
     *
     * @param src the bytes left, in read mode
     * @return the last frame, or {@code null} when {@code src} is used up
     * @throws CodecException if the stream ended inside a frame
     */
    default T decodeEof(ByteBuffer src) {
        T frame = decode(src);
        if (frame == null && src.hasRemaining()) {
            throw new CodecException("stream ended inside a frame (" + src.remaining() + " bytes left)");
        }
        return frame;
    }
}
