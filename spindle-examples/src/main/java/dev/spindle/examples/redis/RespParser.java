package dev.spindle.examples.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental parser of Redis requests: RESP2 arrays of bulk strings ({@code *2\r\n$3\r\nGET
 * \r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}, as redis-benchmark and telnet send).
 *
 * <p>{@link #next(ByteBuffer)} takes the bytes of one request out of a buffer (in read mode) and
 * returns its arguments, or {@code null} when the buffer holds only part of one. It is resumable:
 * the parts of a request that are complete (the array header, each whole bulk string) are
 * consumed from the buffer and kept here, so the caller can compact its buffer and read more,
 * and no byte is parsed twice except the unfinished line or bulk string at the end.
 *
 * <h2>Limits</h2>
 *
 * A bulk string may be at most {@code maxBulkLength} bytes (Redis's {@code proto-max-bulk-len},
 * 512 MiB by default); an array at most {@value #MAX_MULTIBULK} elements; an inline request or a
 * header line at most {@value #MAX_INLINE} bytes; the arguments of one request at most {@code
 * maxRequestBytes} together (Redis's {@code client-query-buffer-limit}). A claimed length is never
 * allocated up front: the bytes of a bulk string are taken only once they have all arrived (the
 * caller's buffer grows with what actually arrives, see {@link #bytesWanted()}), and the argument
 * list grows as arguments arrive. Breaking a limit, or any malformed input, throws {@link
 * RespProtocolException} with the error text Redis would send; the parser is then unusable, as
 * the connection is closed after the reply.
 */
final class RespParser {
    /** The most elements of one request array (Redis: 1024 * 1024). */
    static final int MAX_MULTIBULK = 1024 * 1024;
    /** The longest inline request or header line (Redis's PROTO_INLINE_MAX_SIZE). */
    static final int MAX_INLINE = 64 * 1024;

    /*
     * Implementation notes.
     *
     * State between calls: `argsLeft` is -1 when no array is in progress, else how many bulk
     * strings the array still needs; `args` holds the ones taken so far; `bulkLength` is -1 when
     * the next thing to read is a `$` header, else the length of the bulk string whose header
     * was consumed but whose bytes (plus CRLF) have not all arrived. Only whole lines and whole
     * bulk strings are consumed, so a `null` return leaves the buffer positioned at the first
     * byte not yet taken. One parser belongs to one connection task: no synchronization.
     */

    private final long maxBulkLength;
    private final long maxRequestBytes;
    private int argsLeft = -1;
    private long bulkLength = -1;
    private long requestBytes;
    private List<byte[]> args;

    /**
     * @param maxBulkLength the longest bulk string accepted
     * @param maxRequestBytes the most argument bytes of one request
     */
    RespParser(long maxBulkLength, long maxRequestBytes) {
        this.maxBulkLength = maxBulkLength;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * Takes the next complete request out of {@code buf}.
     *
     * @param buf the received bytes, in read mode; its position moves past what was taken
     * @return the request's arguments (never empty), or {@code null} if more bytes are needed
     * @throws RespProtocolException if the input is malformed or breaks a limit
     */
    List<byte[]> next(ByteBuffer buf) throws RespProtocolException {
        while (true) {
            if (argsLeft < 0) {
                if (!buf.hasRemaining()) {
                    return null;
                }
                if (buf.get(buf.position()) != '*') {
                    List<byte[]> inline = inline(buf);
                    if (inline == null || !inline.isEmpty()) {
                        return inline;
                    }
                    continue; // an empty line: Redis ignores it
                }
                long n = headerLine(buf, "invalid multibulk length");
                if (n == Long.MIN_VALUE) {
                    return null;
                }
                if (n > MAX_MULTIBULK) {
                    throw new RespProtocolException("Protocol error: invalid multibulk length");
                }
                if (n <= 0) {
                    continue; // "*0" and "*-1" are empty requests, skipped as Redis does
                }
                argsLeft = (int) n;
                args = new ArrayList<>((int) Math.min(n, 16));
                requestBytes = 0;
            }
            while (argsLeft > 0) {
                if (bulkLength < 0) {
                    if (!buf.hasRemaining()) {
                        return null;
                    }
                    byte b = buf.get(buf.position());
                    if (b != '$') {
                        throw new RespProtocolException("Protocol error: expected '$', got '" + printable(b) + "'");
                    }
                    long len = headerLine(buf, "invalid bulk length");
                    if (len == Long.MIN_VALUE) {
                        return null;
                    }
                    if (len < 0 || len > maxBulkLength) {
                        throw new RespProtocolException("Protocol error: invalid bulk length");
                    }
                    requestBytes += len;
                    if (requestBytes > maxRequestBytes) {
                        throw new RespProtocolException("Protocol error: request larger than the query buffer limit");
                    }
                    bulkLength = len;
                }
                if (buf.remaining() < bulkLength + 2) {
                    return null;
                }
                byte[] arg = new byte[(int) bulkLength];
                buf.get(arg);
                if (buf.get() != '\r' || buf.get() != '\n') {
                    throw new RespProtocolException("Protocol error: bulk string not terminated by CRLF");
                }
                args.add(arg);
                bulkLength = -1;
                argsLeft--;
            }
            List<byte[]> done = args;
            args = null;
            argsLeft = -1;
            return done;
        }
    }

    /**
     * @return whether part of a request has been taken (the rest has not arrived): the
     *     connection is then in the middle of a frame, and its partial-frame timeout applies
     */
    boolean inRequest() {
        return argsLeft >= 0;
    }

    /**
     * @return how many bytes, counted from the buffer's current position, the request in
     *     progress needs at least before {@link #next} can take its next part: the pending bulk
     *     string and its CRLF, else 1. The caller grows its buffer towards this, never past what
     *     has arrived plus its growth step.
     */
    long bytesWanted() {
        return bulkLength >= 0 ? bulkLength + 2 : 1;
    }

    /**
     * Reads a {@code *N} or {@code $N} line.
     *
     * @return its number, or {@code Long.MIN_VALUE} if the line has not fully arrived
     */
    private static long headerLine(ByteBuffer buf, String error) throws RespProtocolException {
        int start = buf.position();
        int eol = indexOf(buf, start + 1, (byte) '\n', MAX_INLINE);
        if (eol < 0) {
            if (buf.limit() - start > MAX_INLINE) {
                throw new RespProtocolException("Protocol error: too big " + (error.contains("multibulk") ? "mbulk" : "bulk") + " count string");
            }
            return Long.MIN_VALUE;
        }
        int end = eol - 1; // the '\r'
        if (end <= start + 1 || buf.get(end) != '\r') {
            throw new RespProtocolException("Protocol error: " + error);
        }
        long n = 0;
        boolean negative = false;
        int i = start + 1;
        if (buf.get(i) == '-') {
            negative = true;
            i++;
            if (i == end) {
                throw new RespProtocolException("Protocol error: " + error);
            }
        }
        for (; i < end; i++) {
            byte d = buf.get(i);
            if (d < '0' || d > '9' || n > (Long.MAX_VALUE - 9) / 10) {
                throw new RespProtocolException("Protocol error: " + error);
            }
            n = n * 10 + (d - '0');
        }
        buf.position(eol + 1);
        return negative ? -n : n;
    }

    /**
     * Reads an inline request: a line of arguments separated by spaces, double-quoted arguments
     * with backslash escapes, as redis-cli's and Redis's {@code sdssplitargs}.
     *
     * @return the arguments (empty for a blank line), or {@code null} if the line has not fully
     *     arrived
     */
    private static List<byte[]> inline(ByteBuffer buf) throws RespProtocolException {
        int start = buf.position();
        int eol = indexOf(buf, start, (byte) '\n', MAX_INLINE);
        if (eol < 0) {
            if (buf.limit() - start > MAX_INLINE) {
                throw new RespProtocolException("Protocol error: too big inline request");
            }
            return null;
        }
        int end = eol > start && buf.get(eol - 1) == '\r' ? eol - 1 : eol;
        byte[] line = new byte[end - start];
        buf.get(start, line);
        buf.position(eol + 1);
        return splitArgs(line);
    }

    /** Splits an inline line as Redis's sdssplitargs does (quotes, \xHH and \n-style escapes). */
    static List<byte[]> splitArgs(byte[] line) throws RespProtocolException {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length;
        while (true) {
            while (i < n && isSpace(line[i])) {
                i++;
            }
            if (i == n) {
                return out;
            }
            java.io.ByteArrayOutputStream arg = new java.io.ByteArrayOutputStream();
            byte quote = 0;
            while (true) {
                if (quote == 0) {
                    if (i == n || isSpace(line[i])) {
                        break;
                    }
                    if (line[i] == '"' || line[i] == '\'') {
                        quote = line[i++];
                        continue;
                    }
                    arg.write(line[i++]);
                    continue;
                }
                if (i == n) {
                    throw new RespProtocolException("Protocol error: unbalanced quotes in request");
                }
                byte c = line[i];
                if (c == quote) {
                    i++;
                    if (i < n && !isSpace(line[i])) {
                        throw new RespProtocolException("Protocol error: unbalanced quotes in request");
                    }
                    quote = 0;
                    break;
                }
                if (quote == '"' && c == '\\' && i + 1 < n) {
                    byte e = line[i + 1];
                    if (e == 'x' && i + 3 < n && hex(line[i + 2]) >= 0 && hex(line[i + 3]) >= 0) {
                        arg.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                        i += 4;
                        continue;
                    }
                    arg.write(switch (e) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case 'b' -> '\b';
                        case 'a' -> 7;
                        default -> e;
                    });
                    i += 2;
                    continue;
                }
                if (quote == '\'' && c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                    arg.write('\'');
                    i += 2;
                    continue;
                }
                arg.write(c);
                i++;
            }
            out.add(arg.toByteArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x0b || b == '\f';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** @return the index of {@code b} in {@code buf[from, min(limit, from + max + 2))}, or -1 */
    private static int indexOf(ByteBuffer buf, int from, byte b, int max) {
        int to = (int) Math.min(buf.limit(), (long) from + max + 2);
        if (buf.hasArray()) {
            byte[] a = buf.array();
            int off = buf.arrayOffset();
            for (int i = from; i < to; i++) {
                if (a[off + i] == b) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    /** For tests and error messages: the arguments as text. */
    static String toString(List<byte[]> args) {
        StringBuilder sb = new StringBuilder("[");
        for (byte[] a : args) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(new String(a, StandardCharsets.ISO_8859_1));
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return "RespParser[argsLeft=" + argsLeft + ", bulkLength=" + bulkLength + ", args="
                + (args == null ? "-" : Arrays.toString(args.stream().map(a -> a.length).toArray())) + "]";
    }
}
