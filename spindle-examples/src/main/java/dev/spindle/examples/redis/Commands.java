package dev.spindle.examples.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The commands that do not change a connection's state: PING, ECHO, GET, SET, DEL, EXISTS, INCR,
 * EXPIRE, TTL, PUBLISH, CONFIG GET, COMMAND. Each replies as Redis 7 does, error texts included.
 * (SUBSCRIBE, UNSUBSCRIBE and QUIT belong to {@link Connection}.)
 */
final class Commands {
    private final Db db;
    private final PubSub pubsub;

    Commands(Db db, PubSub pubsub) {
        this.db = db;
        this.pubsub = pubsub;
    }

    /** @return the command name of a request, lower-cased (ASCII) */
    static String name(List<byte[]> args) {
        return new String(args.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /**
     * Runs one request and appends its reply.
     *
     * @param name the lower-cased command name
     * @param args the request, the name first
     * @param out where the reply goes
     */
    void execute(String name, List<byte[]> args, Reply out) {
        int argc = args.size();
        switch (name) {
            case "ping" -> {
                if (argc == 1) {
                    out.pong();
                } else if (argc == 2) {
                    out.bulk(args.get(1));
                } else {
                    wrongArity(name, out);
                }
            }
            case "echo" -> {
                if (argc != 2) {
                    wrongArity(name, out);
                } else {
                    out.bulk(args.get(1));
                }
            }
            case "get" -> {
                if (argc != 2) {
                    wrongArity(name, out);
                    return;
                }
                byte[] v = db.get(new Key(args.get(1)));
                if (v == null) {
                    out.nullBulk();
                } else {
                    out.bulk(v);
                }
            }
            case "set" -> set(args, out);
            case "del" -> countKeys(name, args, out, db::delete);
            case "exists" -> countKeys(name, args, out, db::exists);
            case "incr" -> {
                if (argc != 2) {
                    wrongArity(name, out);
                    return;
                }
                try {
                    out.integer(db.increment(new Key(args.get(1))));
                } catch (IllegalArgumentException e) {
                    out.error(e.getMessage());
                }
            }
            case "expire" -> {
                if (argc != 3) {
                    wrongArity(name, out);
                    return;
                }
                Long seconds = integer(args.get(2));
                if (seconds == null) {
                    out.error("ERR value is not an integer or out of range");
                } else if (seconds > Long.MAX_VALUE / 1000 || seconds < Long.MIN_VALUE / 1000) {
                    out.error("ERR invalid expire time in 'expire' command");
                } else {
                    out.integer(db.expire(new Key(args.get(1)), Duration.ofSeconds(seconds)) ? 1 : 0);
                }
            }
            case "ttl" -> {
                if (argc != 2) {
                    wrongArity(name, out);
                    return;
                }
                Duration ttl = db.ttl(new Key(args.get(1)));
                if (ttl == null) {
                    out.integer(-2);
                } else if (ttl.isNegative()) {
                    out.integer(-1);
                } else {
                    out.integer((ttl.toMillis() + 500) / 1000);
                }
            }
            case "publish" -> {
                if (argc != 3) {
                    wrongArity(name, out);
                    return;
                }
                out.integer(pubsub.publish(new Key(args.get(1)), args.get(2)));
            }
            case "config" -> config(args, out);
            case "command" -> out.arrayHeader(0); // redis-cli asks for command docs; it copes with none
            default -> unknown(args, out);
        }
    }

    /** DEL and EXISTS: how many of the keys {@code op} answers true for (repeats count again). */
    private static void countKeys(String name, List<byte[]> args, Reply out, Predicate<Key> op) {
        if (args.size() < 2) {
            wrongArity(name, out);
            return;
        }
        long n = 0;
        for (int i = 1; i < args.size(); i++) {
            if (op.test(new Key(args.get(i)))) {
                n++;
            }
        }
        out.integer(n);
    }

    private void set(List<byte[]> args, Reply out) {
        int argc = args.size();
        if (argc < 3) {
            wrongArity("set", out);
            return;
        }
        Duration ttl = null;
        Db.Condition condition = Db.Condition.ALWAYS;
        for (int i = 3; i < argc; i++) {
            String opt = new String(args.get(i), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
            switch (opt) {
                case "NX", "XX" -> {
                    if (condition != Db.Condition.ALWAYS) {
                        out.error("ERR syntax error");
                        return;
                    }
                    condition = opt.equals("NX") ? Db.Condition.IF_ABSENT : Db.Condition.IF_PRESENT;
                }
                case "EX", "PX" -> {
                    if (ttl != null || i + 1 == argc) {
                        out.error("ERR syntax error");
                        return;
                    }
                    Long n = integer(args.get(++i));
                    if (n == null) {
                        out.error("ERR value is not an integer or out of range");
                        return;
                    }
                    if (n <= 0 || opt.equals("EX") && n > Long.MAX_VALUE / 1000) {
                        out.error("ERR invalid expire time in 'set' command");
                        return;
                    }
                    ttl = opt.equals("EX") ? Duration.ofSeconds(n) : Duration.ofMillis(n);
                }
                default -> {
                    out.error("ERR syntax error");
                    return;
                }
            }
        }
        if (db.set(new Key(args.get(1)), args.get(2), ttl, condition) == Db.SetResult.OK) {
            out.ok();
        } else {
            out.nullBulk();
        }
    }

    /** CONFIG GET, for the parameters clients ask about: {@code save} and {@code appendonly}. */
    private void config(List<byte[]> args, Reply out) {
        if (args.size() < 2) {
            wrongArity("config", out);
            return;
        }
        String sub = new String(args.get(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (!sub.equals("get")) {
            out.error("ERR unknown subcommand '" + sanitize(args.get(1)) + "'. Try CONFIG HELP.");
            return;
        }
        if (args.size() < 3) {
            wrongArity("config|get", out);
            return;
        }
        // Nothing is persisted: no RDB snapshots ("save" empty) and no AOF.
        String[][] known = {{"save", ""}, {"appendonly", "no"}};
        boolean[] matched = new boolean[known.length];
        int n = 0;
        for (int i = 2; i < args.size(); i++) {
            String pattern = new String(args.get(i), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (int k = 0; k < known.length; k++) {
                if (!matched[k] && glob(pattern, known[k][0])) {
                    matched[k] = true;
                    n++;
                }
            }
        }
        out.arrayHeader(2 * n);
        for (int k = 0; k < known.length; k++) {
            if (matched[k]) {
                out.bulk(known[k][0]);
                out.bulk(known[k][1]);
            }
        }
    }

    /** A glob match with {@code *} and {@code ?}, enough for CONFIG GET patterns. */
    static boolean glob(String pattern, String s) {
        return glob(pattern, 0, s, 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si == s.length() || c != '?' && c != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    static void wrongArity(String name, Reply out) {
        out.error("ERR wrong number of arguments for '" + name + "' command");
    }

    /** The reply to an unknown command, as Redis words it (arguments shown up to 128 bytes in all). */
    static void unknown(List<byte[]> args, Reply out) {
        StringBuilder sb = new StringBuilder("ERR unknown command '").append(sanitize(args.get(0)))
                .append("', with args beginning with: ");
        int budget = 128;
        for (int i = 1; i < args.size() && budget > 0; i++) {
            String a = sanitize(args.get(i));
            if (a.length() > budget) {
                a = a.substring(0, budget);
            }
            budget -= a.length();
            sb.append('\'').append(a).append("' ");
        }
        out.error(sb.toString());
    }

    /** @return {@code b} as text fit for an error line: printable ASCII, others as {@code \xHH} */
    static String sanitize(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && sb.length() < 128; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /** @return the decimal integer in {@code b} as Redis's string2ll accepts it, or {@code null} */
    static Long integer(byte[] b) {
        if (b.length == 0 || b.length > 20 || b[0] == '+') {
            return null;
        }
        for (int i = 0; i < b.length; i++) {
            if ((b[i] < '0' || b[i] > '9') && !(i == 0 && b[i] == '-' && b.length > 1)) {
                return null;
            }
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
