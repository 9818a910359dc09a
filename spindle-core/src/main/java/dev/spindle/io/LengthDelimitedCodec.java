package dev.spindle.io;

import java.nio.ByteBuffer;

/**
 * Frames prefixed by their length (tokio-util's {@code LengthDelimitedCodec} with its defaults):
 * a 4-byte big-endian unsigned length, then that many payload bytes.
 *
 * <p>A header that announces more than the maximum frame length fails with
 * {@link CodecException} at once, before any payload is buffered, so a hostile or corrupt length
 * never makes the reader allocate it; a length that does not fit in an {@code int} is malformed.
 */
public final class LengthDelimitedCodec implements Codec<ByteBuffer> {
    /** The default maximum frame length: 8 MiB, as tokio-util's. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 8 * 1024 * 1024;
    private static final int HEADER = 4;

    private final int maxFrameLength;

    /** A codec with {@link #DEFAULT_MAX_FRAME_LENGTH}. */
    public LengthDelimitedCodec() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * @param maxFrameLength the longest payload accepted, in bytes
     */
    public LengthDelimitedCodec(int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength < 0: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** @return the longest payload accepted, in bytes */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** Returns the payload as a fresh buffer (read mode) that the caller owns. */
    @Override
    public ByteBuffer decode(ByteBuffer src) {
        if (src.remaining() < HEADER) {
            return null;
        }
        long len = Integer.toUnsignedLong(src.getInt(src.position()));
        if (len > maxFrameLength) {
            throw new CodecException("frame of " + len + " bytes is longer than the limit of "
                    + maxFrameLength);
        }
        if (src.remaining() - HEADER < len) {
            return null;
        }
        int n = (int) len;
        ByteBuffer frame = ByteBuffer.allocate(n);
        frame.put(src.duplicate().position(src.position() + HEADER).limit(src.position() + HEADER + n)).flip();
        src.position(src.position() + HEADER + n);
        return frame;
    }

    /** Encodes the buffer's remaining bytes (its position is not moved). */
    @Override
    public ByteBuffer encode(ByteBuffer payload) {
        int n = payload.remaining();
        if (n > maxFrameLength) {
            throw new CodecException("frame of " + n + " bytes is longer than the limit of " + maxFrameLength);
        }
        return ByteBuffer.allocate(HEADER + n).putInt(n).put(payload.duplicate()).flip();
    }
}
