package dev.spindle.examples.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The replies of one batch of requests, encoded as RESP2 into a growable byte array, so that a
 * pipeline of requests is answered with one write.
 *
 * <p>Not thread-safe: one per connection task.
 */
final class Reply {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[16][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final int initialCapacity;
    private byte[] buf;
    private int size;
    private int grown;

    /** @param initialCapacity the capacity it starts with and shrinks back to */
    Reply(int initialCapacity) {
        this.initialCapacity = initialCapacity;
    }

    /** @return the number of bytes encoded and not yet taken */
    int size() {
        return size;
    }

    /** @return the capacity currently allocated (0 until the first reply) */
    int capacity() {
        return buf == null ? 0 : buf.length;
    }

    /** @return the encoded bytes as a buffer to write; valid until {@link #clear()} */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, 0, size);
    }

    /** Forgets the bytes (after they were written) and gives back a large array. */
    void clear() {
        size = 0;
        if (buf != null && buf.length > 16 * initialCapacity) {
            grown -= buf.length - initialCapacity;
            buf = new byte[initialCapacity];
        }
    }

    void ok() {
        raw(OK);
    }

    void pong() {
        raw(PONG);
    }

    void nullBulk() {
        raw(NULL_BULK);
    }

    void simple(String s) {
        put('+');
        ascii(s);
        raw(CRLF);
    }

    /** @param message the error text, e.g. {@code "ERR syntax error"}; CR and LF are replaced */
    void error(String message) {
        put('-');
        ascii(message.replace('\r', ' ').replace('\n', ' '));
        raw(CRLF);
    }

    void integer(long n) {
        if (n >= 0 && n < SMALL_INTEGERS.length) {
            raw(SMALL_INTEGERS[(int) n]);
            return;
        }
        put(':');
        decimal(n);
        raw(CRLF);
    }

    void bulk(byte[] b) {
        put('$');
        decimal(b.length);
        raw(CRLF);
        raw(b);
        raw(CRLF);
    }

    void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    void arrayHeader(int n) {
        put('*');
        decimal(n);
        raw(CRLF);
    }

    private void put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[size++] = (byte) (c < 0x80 ? c : '?');
        }
    }

    private void decimal(long n) {
        if (n == Long.MIN_VALUE) {
            ascii(Long.toString(n));
            return;
        }
        ensure(20);
        if (n < 0) {
            buf[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
    }

    /**
     * @return the change of the allocated capacity since the last call (negative if it shrank),
     *     for the server's accounting of connection memory
     */
    int takeGrowth() {
        int g = grown;
        grown = 0;
        return g;
    }

    private void ensure(int more) {
        if (buf == null) {
            buf = new byte[Math.max(initialCapacity, more)];
            grown += buf.length;
            return;
        }
        if (size + more > buf.length) {
            long want = Math.max((long) size + more, 2L * buf.length);
            int cap = (int) Math.min(want, Integer.MAX_VALUE - 8);
            if (cap < size + more) {
                throw new OutOfMemoryError("reply too large");
            }
            grown += cap - buf.length;
            buf = java.util.Arrays.copyOf(buf, cap);
        }
    }
}
