package dev.spindle.io;

/**
 * Bytes that break a protocol: a frame longer than the codec's limit, a malformed header, a
 * stream that ends inside a frame. Thrown (unchecked) by decoders, {@link Framed} and the
 * bounded reads of {@link AsyncRead}; after it the connection's framing is lost, so the caller
 * should close it.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the bytes
     */
    public CodecException(String message) {
        super(message);
    }
}
