package dev.spindle.io;

/**
 * A {@link Decoder} and an {@link Encoder} of the same frame type, as {@link LinesCodec} and
 * {@link LengthDelimitedCodec} are.
 *
 * @param <T> the frame type
 */
public interface Codec<T> extends Decoder<T>, Encoder<T> {
}
