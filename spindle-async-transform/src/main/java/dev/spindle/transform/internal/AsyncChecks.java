package dev.spindle.transform.internal;

import dev.spindle.transform.Diagnostic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The build-time checks of {@code await()} and {@code @Async} use, run on every class (not only on
 * classes with {@code @Async} methods: an {@code await()} outside one is the commonest mistake).
 *
 * <p>Each error names the source file and line and ends with a one-sentence fix. The checks:
 * <ul>
 *   <li>{@code await()} called outside an {@code @Async} method (lambdas included: their bodies are
 *       separate, untransformed methods);
 *   <li>{@code AsyncStream.emit(item)} outside an {@code @Async} method returning
 *       {@code AsyncStream};
 *   <li>{@code await()} or {@code emit} inside a {@code synchronized} block, and a
 *       {@code synchronized} {@code @Async} method (a monitor cannot be held across a suspension);
 *   <li>the method reference {@code Future::await} (or any method handle to an {@code await()});
 *   <li>a future type that declares {@code await()} (overriding it: the transformer compiles calls
 *       into suspension points and never calls it);
 *   <li>an {@code @Async} constructor, an {@code @Async} method without a body, and an
 *       {@code @Async} method returning anything but {@code Future} or {@code AsyncStream}.
 * </ul>
 *
 * <p>{@code @Async} has {@code @Target(METHOD)}, so javac already rejects it on a constructor; the
 * check is kept for class files from other compilers or bytecode generators. Its
 * {@code CLASS} retention is what the transformer needs: the annotation is in the class file (as an
 * invisible annotation) but costs nothing at run time.
 *
 * <h2>Implementation notes</h2>
 * {@code await()} calls are recognised by name and erased descriptor {@code ()Ljava/lang/Object;}
 * on an owner that {@link FutureTypes} resolves to a subtype of {@code dev.spindle.Future}: the
 * owner of the instruction is the receiver's static type, which may be a user-defined future or
 * {@code JoinHandle}. "Inside {@code synchronized}" is a data-flow question, not a textual one:
 * javac's exception handler for a synchronized block comes after the block and releases the
 * monitor again, so a linear scan would get the depth wrong. {@link #monitorDepths} propagates the
 * number of monitors held along the control flow (fall-through, jumps, switches and exception
 * edges: an exception goes to the covering handlers in table order, up to the first catch-all,
 * which is how javac's synchronized handler shadows the outer try blocks), keeping the largest
 * depth seen at each instruction; the depth is capped so that
 * malformed, unbalanced code still terminates.
 */
public final class AsyncChecks {
    /** The descriptor of {@code @dev.spindle.Async}. */
    public static final String ASYNC_DESC = "Ldev/spindle/Async;";
    /** The internal name of {@code dev.spindle.stream.AsyncStream}. */
    public static final String ASYNC_STREAM = "dev/spindle/stream/AsyncStream";

    private static final String AWAIT = "await";
    private static final String AWAIT_DESC = "()Ljava/lang/Object;";
    private static final String FUTURE_RETURN = "L" + FutureTypes.FUTURE + ";";
    private static final String STREAM_RETURN = "L" + ASYNC_STREAM + ";";
    private static final int MAX_MONITOR_DEPTH = 64;
    private static final String FIX_AWAIT_OUTSIDE =
            "annotate the method with @dev.spindle.Async and return Future<T>, so that the await can suspend";

    private AsyncChecks() {
    }

    /**
     * Checks a class, resolving future types through the thread's context class loader.
     *
     * @param cn the class, read with debug information (source file, line numbers)
     * @return the errors found, in source order; empty when the class is fine
     */
    public static List<Diagnostic> check(ClassNode cn) {
        return check(cn, FutureTypes.over(Thread.currentThread().getContextClassLoader()));
    }

    /**
     * Checks a class, resolving future types through the given loader.
     *
     * @param cn the class, read with debug information (source file, line numbers)
     * @param loader the loader whose class files show the checked class's super types
     * @return the errors found, in source order; empty when the class is fine
     */
    public static List<Diagnostic> check(ClassNode cn, ClassLoader loader) {
        return check(cn, FutureTypes.over(loader));
    }

    /**
     * Checks a class.
     *
     * @param cn the class, read with debug information (source file, line numbers)
     * @param types the resolver of future types; the checked class is declared to it
     * @return the errors found, in source order; empty when the class is fine
     */
    public static List<Diagnostic> check(ClassNode cn, FutureTypes types) {
        types.declare(cn.name, cn.superName, cn.interfaces);
        List<Diagnostic> errors = new ArrayList<>();
        new ClassCheck(cn, types, errors).run();
        errors.sort(Comparator.comparingInt(d -> d.line() < 0 ? Integer.MAX_VALUE : d.line()));
        return errors;
    }

    /**
     * @param m a method
     * @return whether it carries {@code @dev.spindle.Async}
     */
    public static boolean isAsync(MethodNode m) {
        return hasAnnotation(m.invisibleAnnotations) || hasAnnotation(m.visibleAnnotations);
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations) {
        return annotations != null && annotations.stream().anyMatch(a -> a.desc.equals(ASYNC_DESC));
    }

    /** The checks of one class, collecting into one list. */
    private static final class ClassCheck {
        private final ClassNode cn;
        private final FutureTypes types;
        private final List<Diagnostic> errors;
        private final String source;
        private final String className;

        ClassCheck(ClassNode cn, FutureTypes types, List<Diagnostic> errors) {
            this.cn = cn;
            this.types = types;
            this.errors = errors;
            this.source = cn.sourceFile != null ? cn.sourceFile : "<unknown>";
            this.className = cn.name.replace('/', '.');
        }

        void run() {
            boolean isFutureType = !cn.name.equals(FutureTypes.FUTURE) && types.isFuture(cn.name);
            for (MethodNode m : cn.methods) {
                if (isFutureType && m.name.equals(AWAIT) && m.desc.startsWith("()")
                        && (m.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0) {
                    report(m, firstLine(m), simpleName() + " declares await(), which overrides Future.await(): calls of"
                            + " await() are compiled into suspension points and never reach it, so remove it and"
                            + " implement poll(Context) instead.");
                }
                if (isAsync(m)) {
                    checkDeclaration(m);
                }
                checkBody(m);
            }
        }

        private void checkDeclaration(MethodNode m) {
            int line = firstLine(m);
            if (m.name.equals("<init>")) {
                report(m, line, "A constructor of " + simpleName() + " is annotated @Async, but a constructor cannot"
                        + " return a future: move the asynchronous work into a static @Async factory method"
                        + " returning Future<" + simpleName() + ">.");
                return;
            }
            String ret = Type.getReturnType(m.desc).getDescriptor();
            if (!ret.equals(FUTURE_RETURN) && !ret.equals(STREAM_RETURN)) {
                report(m, line, "@Async method " + m.name + " returns " + Type.getReturnType(m.desc).getClassName()
                        + ": declare it to return dev.spindle.Future<T>, or dev.spindle.stream.AsyncStream<T> for"
                        + " an async generator.");
            }
            if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                report(m, line, "@Async method " + m.name + " has no body to transform: remove @Async from the"
                        + " abstract declaration and put it on the implementations.");
            }
            if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                report(m, line, "@Async method " + m.name + " is synchronized, but its body runs as a state"
                        + " machine that cannot hold a monitor across an await: remove synchronized and guard"
                        + " the shared state with dev.spindle.sync.Mutex.");
            }
        }

        private void checkBody(MethodNode m) {
            if (m.instructions.size() == 0) {
                return;
            }
            boolean async = isAsync(m) && !m.name.equals("<init>");
            boolean generator = async && Type.getReturnType(m.desc).getDescriptor().equals(STREAM_RETURN);
            int[] monitors = null; // computed on the first await or emit found
            int line = -1;
            for (int i = 0; i < m.instructions.size(); i++) {
                AbstractInsnNode insn = m.instructions.get(i);
                if (insn instanceof LineNumberNode ln) {
                    line = ln.line;
                } else if (insn instanceof MethodInsnNode call) {
                    boolean await = isAwait(call.owner, call.name, call.desc) && call.getOpcode() != Opcodes.INVOKESTATIC;
                    boolean emit = call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(ASYNC_STREAM)
                            && call.name.equals("emit");
                    if (!await && !emit) {
                        continue;
                    }
                    if (await && !async) {
                        report(m, line, awaitOutside(m));
                    } else if (emit && !generator) {
                        report(m, line, "AsyncStream.emit() is called in " + where(m) + ", which is not an @Async"
                                + " method returning AsyncStream: annotate it with @dev.spindle.Async and declare it"
                                + " to return dev.spindle.stream.AsyncStream<T>.");
                    } else {
                        if (monitors == null) {
                            monitors = monitorDepths(m);
                        }
                        if (monitors[i] > 0) {
                            report(m, line, (await ? "Future.await()" : "AsyncStream.emit()") + " is called inside a"
                                    + " synchronized block in " + where(m) + ", and a monitor cannot be held across a"
                                    + " suspension: leave the synchronized block before awaiting, or use"
                                    + " dev.spindle.sync.Mutex.");
                        }
                    }
                } else if (insn instanceof InvokeDynamicInsnNode indy) {
                    if (Arrays.stream(indy.bsmArgs).anyMatch(this::isAwaitHandle)) {
                        report(m, line, awaitReference(m));
                    }
                } else if (insn instanceof LdcInsnNode ldc && isAwaitHandle(ldc.cst)) {
                    report(m, line, awaitReference(m));
                }
            }
        }

        private boolean isAwaitHandle(Object constant) {
            return constant instanceof Handle h && h.getTag() != Opcodes.H_INVOKESTATIC
                    && isAwait(h.getOwner(), h.getName(), h.getDesc());
        }

        private boolean isAwait(String owner, String name, String desc) {
            return name.equals(AWAIT) && desc.equals(AWAIT_DESC) && types.isFuture(owner);
        }

        private String awaitOutside(MethodNode m) {
            if (m.name.startsWith("lambda$")) {
                return "Future.await() is called inside a lambda in " + where(m) + ", and lambda bodies are not"
                        + " transformed: move the code into a named @Async method and await its future.";
            }
            return "Future.await() is called in " + where(m) + ", which is not an @Async method: "
                    + FIX_AWAIT_OUTSIDE + ".";
        }

        private String awaitReference(MethodNode m) {
            return "Future::await is used as a method reference in " + where(m) + ", which cannot suspend: call"
                    + " f.await() directly in the body of an @Async method instead.";
        }

        private String where(MethodNode m) {
            String name = m.name;
            if (name.startsWith("lambda$")) { // javac's lambda$<enclosing>$<n>, with new/static for initialisers
                String[] parts = name.split("\\$");
                String enclosing = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : name;
                name = enclosing.equals("new") ? "<init>" : enclosing.equals("static") ? "<clinit>" : enclosing;
            }
            return name.equals("<init>") ? "a constructor" : name.equals("<clinit>") ? "a static initialiser"
                    : "method " + name;
        }

        private String simpleName() {
            String n = cn.name.substring(cn.name.lastIndexOf('/') + 1);
            return n.substring(n.lastIndexOf('$') + 1);
        }

        private void report(MethodNode m, int line, String message) {
            errors.add(new Diagnostic(source, line, className, m.name, message));
        }
    }

    private static int firstLine(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    /**
     * @param m a method with code
     * @return for each instruction index, the largest number of monitors the method may hold when it
     *     reaches that instruction (0 for unreachable code)
     */
    static int[] monitorDepths(MethodNode m) {
        int n = m.instructions.size();
        int[] depth = new int[n];
        boolean[] reached = new boolean[n];
        Deque<Integer> work = new ArrayDeque<>();
        reached[0] = true;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            AbstractInsnNode insn = m.instructions.get(i);
            int in = depth[i];
            int out = in;
            if (insn.getOpcode() == Opcodes.MONITORENTER) {
                out = Math.min(in + 1, MAX_MONITOR_DEPTH);
            } else if (insn.getOpcode() == Opcodes.MONITOREXIT) {
                out = Math.max(in - 1, 0);
            }
            for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
                int start = m.instructions.indexOf(tcb.start);
                int end = m.instructions.indexOf(tcb.end);
                if (i >= start && i < end) {
                    flow(m.instructions.indexOf(tcb.handler), in, depth, reached, work);
                    if (tcb.type == null) {
                        break; // a catch-all: the entries after it are never reached from here
                    }
                }
            }
            for (int next : successors(m, i, insn)) {
                flow(next, out, depth, reached, work);
            }
        }
        return depth;
    }

    private static void flow(int target, int d, int[] depth, boolean[] reached, Deque<Integer> work) {
        if (!reached[target] || d > depth[target]) {
            reached[target] = true;
            depth[target] = Math.max(depth[target], d);
            work.add(target);
        }
    }

    private static List<Integer> successors(MethodNode m, int i, AbstractInsnNode insn) {
        List<Integer> next = new ArrayList<>(2);
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof JumpInsnNode jump) {
            targets.add(jump.label);
        } else if (insn instanceof TableSwitchInsnNode sw) {
            targets.add(sw.dflt);
            targets.addAll(sw.labels);
        } else if (insn instanceof LookupSwitchInsnNode sw) {
            targets.add(sw.dflt);
            targets.addAll(sw.labels);
        }
        for (LabelNode target : targets) {
            next.add(m.instructions.indexOf(target));
        }
        int op = insn.getOpcode();
        boolean ends = op == Opcodes.GOTO || op == Opcodes.ATHROW || op == Opcodes.RET
                || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode;
        if (!ends && i + 1 < m.instructions.size()) {
            next.add(i + 1);
        }
        return next;
    }
}
