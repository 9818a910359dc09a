package dev.spindle.io;

import java.nio.ByteBuffer;

/**
 * Turns frames into bytes (tokio-util's {@code Encoder}), for {@link Framed}.
 *
 * @param <T> the frame type
 */
public interface Encoder<T> {

    /**
     * Encodes {@code frame}.
     *
     * @param frame the frame
     * @return its bytes, in read mode; the caller owns the buffer
     * @throws CodecException if the frame cannot be encoded (too long)
     */
    ByteBuffer encode(T frame);
}
