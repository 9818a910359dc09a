package dev.spindle.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for the harness's own lines: flat objects whose values are strings, numbers
 * or booleans. Not a general parser; it rejects what it does not understand.
 */
public final class Json {
    private Json() {
    }

    /**
     * A number printed with a fixed number of decimals (no exponent, {@code .} as separator).
     *
     * @param v the value
     * @param decimals digits after the point
     * @return a value {@link #write} prints as a bare number
     */
    public static BigDecimal fixed(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    /**
     * Writes a flat object on one line.
     *
     * @param o keys in order; values {@link String}, {@link Number} or {@link Boolean}
     * @return the JSON text
     */
    public static String write(Map<String, ?> o) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : o.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof String s) {
                quote(sb, s);
            } else if (v instanceof BigDecimal d) {
                sb.append(d.toPlainString());
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                throw new IllegalArgumentException("unsupported JSON value " + v);
            }
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Reads a flat object as {@link #write} produces it.
     *
     * @param line the JSON text
     * @return keys in order; values {@link String}, {@link Double} or {@link Boolean}
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Map<String, Object> parseFlat(String line) {
        Parser p = new Parser(line.strip());
        return p.object();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> o = new LinkedHashMap<>();
            expect('{');
            skipWs();
            if (peek() == '}') {
                i++;
                return end(o);
            }
            for (;;) {
                skipWs();
                String k = string();
                skipWs();
                expect(':');
                skipWs();
                o.put(k, value());
                skipWs();
                char c = next();
                if (c == '}') {
                    return end(o);
                }
                if (c != ',') {
                    throw error("',' or '}'");
                }
            }
        }

        private Map<String, Object> end(Map<String, Object> o) {
            skipWs();
            if (i != s.length()) {
                throw error("end of line");
            }
            return o;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("a value");
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            for (;;) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void skipWs() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("more input");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "'");
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("bad JSON at " + i + ": expected " + expected + " in " + s);
        }
    }
}
