package dev.spindle.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Frames of UTF-8 text lines (tokio-util's {@code LinesCodec}): decoding splits at {@code \n}
 * and drops a {@code \r} before it; encoding appends {@code \n}.
 *
 * <p>A line longer than the maximum length fails with {@link CodecException} as soon as that many
 * bytes arrived without a newline, so a peer that never sends one cannot make the reader buffer
 * without bound. Bytes that are not UTF-8 fail the same way.
 */
public final class LinesCodec implements Codec<String> {
    /** The default maximum line length in bytes (not counting the line ending). */
    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

    private final int maxLength;
    /** Bytes already searched for a newline, so a long partial line is not searched again. */
    private int searched;

    /** A codec with {@link #DEFAULT_MAX_LENGTH}. */
    public LinesCodec() {
        this(DEFAULT_MAX_LENGTH);
    }

    /**
     * @param maxLength the longest line accepted, in bytes
     */
    public LinesCodec(int maxLength) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength <= 0: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** @return the longest line accepted, in bytes */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public String decode(ByteBuffer src) {
        int start = src.position();
        int limit = src.limit();
        // A line of maxLength bytes may be followed by "\r\n": look that far, no further.
        int end = (int) Math.min(limit, (long) start + maxLength + 2);
        for (int i = start + searched; i < end; i++) {
            if (src.get(i) == '\n') {
                searched = 0;
                int lineEnd = i > start && src.get(i - 1) == '\r' ? i - 1 : i;
                if (lineEnd - start > maxLength) {
                    throw tooLong();
                }
                String line = utf8(src, start, lineEnd);
                src.position(i + 1);
                return line;
            }
        }
        searched = end - start;
        if (limit - start > maxLength + 1) {
            throw tooLong();
        }
        return null;
    }

    @Override
    public String decodeEof(ByteBuffer src) {
        String line = decode(src);
        if (line == null && src.hasRemaining()) {
            // The last line may lack its newline, as tokio-util's codec accepts.
            line = utf8(src, src.position(), src.limit());
            src.position(src.limit());
            searched = 0;
        }
        return line;
    }

    @Override
    public ByteBuffer encode(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxLength) {
            throw tooLong();
        }
        return ByteBuffer.allocate(b.length + 1).put(b).put((byte) '\n').flip();
    }

    private CodecException tooLong() {
        searched = 0;
        return new CodecException("line longer than " + maxLength + " bytes");
    }

    private static String utf8(ByteBuffer src, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(src.duplicate().position(from).limit(to))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException("line is not valid UTF-8");
        }
    }
}
