package dev.spindle.transform.corpus;

import static dev.spindle.transform.corpus.F.later;
import static dev.spindle.transform.corpus.F.now;

import dev.spindle.Async;
import dev.spindle.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Branches, loops and switches around awaits, and awaits in their conditions. */
public final class Control {
    private Control() {
    }

    /** For the enum switch. */
    public enum Color { RED, GREEN, BLUE }

    @Async
    public static Future<String> cTernary() {
        boolean flag = later(true).await();
        return Future.ready(flag ? later("yes").await() : later("no").await());
    }

    @Async
    public static Future<String> cIfCondition() {
        if (later(false).await()) {
            return Future.ready("then");
        } else if (later(3).await() > 2) {
            return Future.ready("else-if " + later("x").await());
        }
        return Future.ready("else");
    }

    @Async
    public static Future<Integer> cWhileHeader() {
        int i = 0;
        int n = 0;
        while (later(i).await() < 5) {
            i++;
            n += i;
        }
        return Future.ready(n);
    }

    @Async
    public static Future<Integer> cForLoop() {
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += later(i).await();
        }
        return Future.ready(sum);
    }

    @Async
    public static Future<Integer> cDoWhile() {
        int i = 0;
        do {
            i += later(2).await();
        } while (later(i).await() < 9);
        return Future.ready(i);
    }

    @Async
    public static Future<String> cNestedLoopsLabels() {
        StringBuilder sb = new StringBuilder();
        outer:
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int v = later(i * 10 + j).await();
                if (j == 2) {
                    continue outer;
                }
                if (i == 3) {
                    break outer;
                }
                sb.append(v).append(' ');
            }
        }
        return Future.ready(sb.toString());
    }

    @Async
    public static Future<String> cOldSwitch() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            switch (i) {
                case 0:
                    sb.append(later("zero").await());
                    break;
                case 1:
                case 2:
                    sb.append(later("small").await());
                    // fall through
                case 3:
                    sb.append(later("three").await());
                    break;
                default:
                    sb.append("other");
            }
            sb.append(',');
        }
        return Future.ready(sb.toString());
    }

    @Async
    public static Future<String> cStringSwitch() {
        String key = later("beta").await();
        switch (key) {
            case "alpha":
                return Future.ready("A");
            case "beta":
                return Future.ready("B" + later(2).await());
            default:
                return Future.ready("?");
        }
    }

    @Async
    public static Future<String> cSwitchExpression() {
        int k = later(2).await();
        String s = switch (k) {
            case 1 -> "one";
            case 2 -> {
                String t = later("two").await();
                yield t + t;
            }
            default -> later("many").await();
        };
        return Future.ready(s);
    }

    @Async
    public static Future<Integer> cSwitchOnAwait() {
        return Future.ready(switch (later(3).await()) {
            case 3 -> later(30).await();
            default -> -1;
        });
    }

    @Async
    public static Future<String> cEnumSwitch() {
        Color c = later(Color.GREEN).await();
        return Future.ready(switch (c) {
            case RED -> "r";
            case GREEN -> "g" + later(1).await();
            case BLUE -> "b";
        });
    }

    @Async
    public static Future<String> cPatternSwitch() {
        Object o = later((Object) 42).await();
        return Future.ready(switch (o) {
            case String s -> "string " + s;
            case Integer i when i > 40 -> "big " + (i + later(1).await());
            case Integer i -> "int " + i;
            default -> "other";
        });
    }

    @Async
    public static Future<Integer> cEnhancedFor() {
        int sum = 0;
        for (int x : List.of(1, 2, 3, 4)) {
            sum += later(x * x).await();
        }
        return Future.ready(sum);
    }

    @Async
    public static Future<String> cIterator() {
        List<String> out = new ArrayList<>();
        Iterator<String> it = List.of("p", "q", "r").iterator();
        while (it.hasNext()) {
            String s = it.next();
            out.add(later(s + s).await());
        }
        return Future.ready(out.toString());
    }

    @Async
    public static Future<Integer> cEarlyReturnInLoop() {
        for (int i = 0; ; i++) {
            if (later(i).await() == 6) {
                return Future.ready(i * 7);
            }
        }
    }

    @Async
    public static Future<String> cShortCircuit() {
        boolean a = later(true).await() && later(false).await();
        boolean b = later(false).await() || later(true).await();
        boolean c = now(false).await() && later(true).await();
        return Future.ready(a + " " + b + " " + c);
    }

    @Async
    public static Future<Integer> cNestedConditionals() {
        int x = later(5).await();
        int r;
        if (x > 3) {
            if (later(x).await() % 2 == 1) {
                r = later(x * 2).await();
            } else {
                r = -1;
            }
        } else {
            r = later(0).await();
        }
        return Future.ready(r);
    }

    @Async
    public static Future<Integer> cLoopWithIincAcrossAwaits() {
        int count = 0;
        int i = 0;
        while (i < 8) {
            later(i).await();
            i++;
            count++;
            later(count).await();
        }
        return Future.ready(count * 100 + i);
    }

    @Async
    public static Future<String> cLoopCarriedObjects() {
        String acc = "";
        for (int i = 0; i < 5; i++) {
            String piece = later(String.valueOf((char) ('a' + i))).await();
            acc = acc + piece;
        }
        return Future.ready(acc);
    }

    @Async
    public static Future<Integer> cAwaitInLoopUpdate() {
        int n = 0;
        for (int i = 0; i < 20; i += later(3).await()) {
            n++;
        }
        return Future.ready(n);
    }

    @Async
    public static Future<String> cStringSwitchOnAwait() {
        return Future.ready(switch (later("b").await()) {
            case "a" -> "A";
            case "b" -> "B" + later("!").await();
            default -> "?";
        });
    }

    @Async
    public static Future<Long> cLongTernary() {
        boolean c = later(true).await();
        long x = c ? later(1L << 35).await() : 2L;
        long y = !c ? 3L : later(4L).await();
        return Future.ready(x + y);
    }

    @Async
    public static Future<String> cArrayIndexAwait() {
        String[] xs = {"zero", "one", "two"};
        return Future.ready(xs[later(2).await()] + xs[later(0).await()]);
    }
}
