package dev.spindle.transform.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Rewrites one {@code @Async} method into a state machine.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Shape.</b> For method {@code m} of class {@code C} the builder produces:
 * <ul>
 *   <li>the <em>machine</em>, a generated class {@code C$async$m$N} extending
 *       {@code dev.spindle.async.AsyncMachine}, whose fields hold the values live at its
 *       suspension points, and whose {@code poll(cx)} calls
 *   <li>the <em>body</em>, a static synthetic method of {@code C} itself, with {@code m}'s name
 *       and descriptor {@code (LC$async$m$N;Ldev/spindle/Context;)Ldev/spindle/Poll;}: {@code m}'s
 *       code with its local slots shifted by two (slot 0 is the machine, slot 1 the context).
 *       Keeping the body in {@code C} keeps private access, lambdas, nestmates and the source
 *       file as they were, and makes stack traces name {@code C.m} at the original lines.
 *   <li>{@code m} itself, now {@code return new C$async$m$N(live arguments)}.
 * </ul>
 *
 * <p><b>States.</b> 0 is the entry; 1..n are the awaits in code order; n+1 waits on a returned
 * future that was not ready. The body reads the state, marks the machine running and
 * dispatches with a {@code tableswitch} to the restore block of that state.
 *
 * <p><b>An await</b> {@code [.., f] await()} becomes: store {@code f} in a temporary, poll it
 * with the task's context; if Ready, push its value and carry on inline (an already-complete
 * future costs one poll and no allocation); if Pending, jump out of line to the suspend block,
 * which stores the operand stack below {@code f} and the locals live after the await
 * ({@link Liveness}) in fields, stores {@code f} in {@code awaited}, sets the state and returns
 * Pending. The restore block does the reverse (nulling the reference fields it read, so a
 * resumed machine retains nothing stale) and jumps back to the poll; when polled with
 * {@code AsyncMachine.UNWIND} (cancellation) it jumps instead to an inline block that cancels
 * {@code f} and throws {@code CancelledException}. That block and the poll sit where the
 * await was, so they are inside the same exception ranges: handlers, {@code finally} and
 * try-with-resources see the exception at the await's position.
 *
 * <p><b>Types.</b> {@link AnalyzerAdapter}, driven by the class file's own stack map frames,
 * gives the verifier type of every local and stack entry at each await; references are kept in
 * {@code Object} fields and cast back on restore. Fields are shared between suspension points
 * by kind (a0.., i0.., j0.., f0.., d0..), so the machine has as many fields of a kind as the
 * largest number live at any single point.
 *
 * <p><b>Uninitialised objects.</b> An object created by {@code NEW}/{@code DUP} and not yet
 * constructed cannot be stored in a field. When one is on the stack at an await
 * ({@code new P(a, f.await())}), its {@code NEW}/{@code DUP} pair is removed and re-created at
 * the constructor call, after the arguments are evaluated (they are parked in temporaries).
 * The only visible difference is that {@code P}'s static initialiser may run after the
 * arguments' evaluation instead of before.
 *
 * <p><b>Returns.</b> {@code return Future.ready(v)} becomes {@code return Poll.ready(v)} with
 * the state set to DONE. Any other returned future is polled in place and, when pending,
 * awaited as state n+1.
 *
 * <p><b>Generators.</b> A method returning {@code AsyncStream} is a generator: its machine is an
 * {@code AsyncGenerator} implementing {@code pollNext}, and {@code AsyncStream.emit(item)} is a
 * suspension point too: the suspend block returns {@code Poll.ready(item)}, and the restore
 * block continues right after the emit (or throws {@code CancelledException} there when
 * unwinding). {@code return AsyncStream.empty()} becomes {@code return AsyncStream.end()};
 * another returned stream is passed on ({@code tail}) until it ends.
 *
 * <p><b>try-with-resources over {@code AsyncCloseable}.</b> Each {@code close()V} call on a
 * receiver that is a {@code dev.spindle.AsyncCloseable} becomes
 * {@code closeAsync().await()}, before the analysis, so it is an await like any other.
 */
final class MachineBuilder {
    static final String FUTURE = "dev/spindle/Future";
    static final String POLL = "dev/spindle/Poll";
    static final String READY = "dev/spindle/Poll$Ready";
    static final String PENDING = "dev/spindle/Poll$Pending";
    static final String CONTEXT = "dev/spindle/Context";
    static final String CLOSEABLE = "dev/spindle/AsyncCloseable";
    static final String MACHINE = "dev/spindle/async/AsyncMachine";
    static final String GENERATOR = "dev/spindle/async/AsyncGenerator";
    static final String STATE_MACHINE = "dev/spindle/async/AsyncStateMachine";
    static final String STREAM = "dev/spindle/stream/AsyncStream";
    static final String SITE = "dev/spindle/async/AsyncSite";
    static final String CANCELLED = "dev/spindle/CancelledException";
    private static final String OBJECT = "java/lang/Object";
    private static final String OBJECT_DESC = "Ljava/lang/Object;";
    private static final int SHIFT = 2;

    /** What rewriting one method produced. */
    record Result(ClassNode machine, MethodNode body, InsnList newCode) {
    }

    /** One value saved at a suspension point: its kind, where it lives, the field holding it. */
    private record Slot(char kind, int local, String castTo, String field) {
    }

    /** A suspension point's saved values. */
    private static final class Point {
        final List<Slot> locals = new ArrayList<>();
        final List<Slot> stack = new ArrayList<>();
        int line = -1;
    }

    private final ClassNode owner;
    private final MethodNode m;
    private final String machineName;
    private final ClassHierarchy hierarchy;
    private final boolean ownerIsInterface;
    /** An async generator (returns AsyncStream, suspends at emits too), not a future. */
    private final boolean generator;
    private final Map<Character, Integer> fieldCounts = new HashMap<>();

    // state of one build(), in the order build() fills it
    private InsnList insns;
    private AbstractInsnNode[] nodes;
    /** The entry, the suspension points in code order, then (once rewritten) the return state. */
    private final List<Point> points = new ArrayList<>();
    /** The await and emit calls, suspension point k at index k - 1. */
    private final List<MethodInsnNode> suspensions = new ArrayList<>();
    /** The uninitialised-object labels whose NEW/DUP moves to the constructor call. */
    private final Set<Object> delayed = Collections.newSetFromMap(new IdentityHashMap<>());
    private int firstLine = -1;
    /** Temporaries past the shifted locals: the awaited future, the state read on entry, scratch. */
    private int tF;
    private int tS;
    private int temps;
    /** The out-of-line code, appended after the method's own. */
    private final InsnList tail = new InsnList();
    /** The tableswitch targets, by state. */
    private LabelNode[] restore;

    MachineBuilder(ClassNode owner, MethodNode m, String machineName, ClassHierarchy hierarchy) {
        this.owner = owner;
        this.m = m;
        this.machineName = machineName;
        this.hierarchy = hierarchy;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        this.generator = m.desc.endsWith(")L" + STREAM + ";");
    }

    /** @return the superclass of the generated machine */
    String base() {
        return generator ? GENERATOR : MACHINE;
    }

    /** Whether {@code insn} is an {@code AsyncStream.emit(item)} call. */
    static boolean isEmit(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKESTATIC && mi.owner.equals(STREAM)
                && mi.name.equals("emit") && mi.desc.equals("(Ljava/lang/Object;)V");
    }

    private boolean isSuspension(AbstractInsnNode insn) {
        return isAwait(insn, hierarchy) || (generator && isEmit(insn));
    }

    /** Whether {@code insn} is an {@code await()} call on a future. */
    static boolean isAwait(AbstractInsnNode insn, ClassHierarchy hierarchy) {
        return insn instanceof MethodInsnNode mi
                && (mi.getOpcode() == Opcodes.INVOKEINTERFACE || mi.getOpcode() == Opcodes.INVOKEVIRTUAL)
                && mi.name.equals("await") && mi.desc.equals("()Ljava/lang/Object;")
                && (mi.owner.equals(FUTURE) || hierarchy.isSubtype(mi.owner, FUTURE));
    }

    private boolean isAsyncClose(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode mi
                && (mi.getOpcode() == Opcodes.INVOKEINTERFACE || mi.getOpcode() == Opcodes.INVOKEVIRTUAL)
                && mi.name.equals("close") && mi.desc.equals("()V")
                && (mi.owner.equals(CLOSEABLE) || hierarchy.isSubtype(mi.owner, CLOSEABLE));
    }

    Result build() throws AnalyzerException {
        rewriteAsyncCloses();
        insns = m.instructions;
        nodes = insns.toArray();
        Types types = typeInstructions();
        Liveness live = Liveness.of(owner.name, m);
        collectPoints(types, live);
        int base = m.maxLocals + SHIFT;
        tF = base;
        tS = base + 1;
        temps = base + 2;
        shiftLocals();
        delayConstructions(types);
        restore = new LabelNode[points.size() + 1];
        for (int k = 1; k <= suspensions.size(); k++) {
            rewriteSuspension(k);
        }
        rewriteReturns();
        addDispatch();
        return new Result(machine(points.get(0), points), body(), constructorCall(points.get(0), firstLine));
    }

    /** The verifier types {@link AnalyzerAdapter} finds at the instructions the rewrite needs. */
    private record Types(Map<AbstractInsnNode, List<Object>> stackAt, Map<AbstractInsnNode, List<Object>> localsAt,
            Map<Object, AbstractInsnNode> newOf, Map<Object, MethodInsnNode> initOf, List<AbstractInsnNode> untyped) {
    }

    /** Types at each suspension point, and which NEW each constructor call initialises. */
    private Types typeInstructions() {
        AnalyzerAdapter aa = new AnalyzerAdapter(owner.name, m.access, m.name, m.desc, null);
        Types t = new Types(new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>(),
                new IdentityHashMap<>(), new ArrayList<>());
        for (AbstractInsnNode insn : nodes) {
            if (aa.stack == null && isSuspension(insn)) {
                t.untyped().add(insn);
            }
            if (aa.stack != null && isSuspension(insn)) {
                t.stackAt().put(insn, new ArrayList<>(aa.stack));
                t.localsAt().put(insn, new ArrayList<>(aa.locals));
            }
            if (aa.stack != null && insn instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKESPECIAL
                    && mi.name.equals("<init>")) {
                int argSlots = 0;
                for (Type arg : Type.getArgumentTypes(mi.desc)) {
                    argSlots += arg.getSize();
                }
                Object receiver = aa.stack.get(aa.stack.size() - 1 - argSlots);
                if (receiver instanceof Label) {
                    t.initOf().put(receiver, mi);
                }
            }
            insn.accept(aa);
            if (insn.getOpcode() == Opcodes.NEW && aa.stack != null) {
                t.newOf().put(aa.stack.get(aa.stack.size() - 1), insn);
            }
        }
        return t;
    }

    /** The entry and one point per reachable suspension, with the values live across it. */
    private void collectPoints(Types types, Liveness live) throws AnalyzerException {
        Point entry = entryPoint(live);
        points.add(entry);
        int line = -1;
        for (int i = 0; i < nodes.length; i++) {
            AbstractInsnNode insn = nodes[i];
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
                if (firstLine < 0) {
                    firstLine = line;
                }
            }
            if (types.untyped().contains(insn) && live.reachable(i)) {
                throw new AnalyzerException(insn, "the class file has no stack map frame to type this await "
                        + "(compiled for Java 5 or older?); recompile it for Java 7 or newer");
            }
            if (!types.stackAt().containsKey(insn) || !live.reachable(i)) {
                continue;
            }
            List<Object> stack = types.stackAt().get(insn);
            List<Object> locals = types.localsAt().get(insn);
            Point p = new Point();
            p.line = line;
            Map<Character, Integer> used = new HashMap<>();
            BitSet liveOut = live.liveOut(i);
            for (int s = liveOut.nextSetBit(0); s >= 0; s = liveOut.nextSetBit(s + 1)) {
                Object type = s < locals.size() ? locals.get(s) : Opcodes.TOP;
                if (type instanceof Label || type == Opcodes.UNINITIALIZED_THIS) {
                    throw new AnalyzerException(insn, "an object under construction is held in a local variable across an await");
                }
                if (type == Opcodes.TOP) {
                    continue; // the second slot of a long or double, or a value never read
                }
                p.locals.add(slot(type, s, used));
            }
            // the stack below the awaited future (or emitted item), minus objects under construction
            for (int j = 0; j < stack.size() - 1; j++) {
                Object type = stack.get(j);
                if (type instanceof Label) {
                    delayed.add(type);
                    continue;
                }
                if (type == Opcodes.TOP) {
                    continue;
                }
                if (type == Opcodes.UNINITIALIZED_THIS) {
                    throw new AnalyzerException(insn, "await() inside a constructor call's arguments of this");
                }
                p.stack.add(slot(type, -1, used));
            }
            suspensions.add((MethodInsnNode) insn);
            points.add(p);
        }
        entry.line = firstLine;
    }

    /** Makes room for the machine (slot 0) and the context (slot 1); drops the old frames. */
    private void shiftLocals() {
        for (AbstractInsnNode insn : nodes) {
            if (insn instanceof VarInsnNode v) {
                v.var += SHIFT;
            } else if (insn instanceof IincInsnNode inc) {
                inc.var += SHIFT;
            } else if (insn instanceof FrameNode) {
                insns.remove(insn);
            }
        }
    }

    /** Moves the NEW/DUP of each object under construction at an await to its constructor call. */
    private void delayConstructions(Types types) throws AnalyzerException {
        for (Object label : delayed) {
            AbstractInsnNode neu = types.newOf().get(label);
            MethodInsnNode init = types.initOf().get(label);
            AbstractInsnNode dup = neu == null ? null : neu.getNext();
            if (init == null || dup == null || dup.getOpcode() != Opcodes.DUP) {
                throw new AnalyzerException(neu, "an object under construction is on the stack at an await in a shape "
                        + "other than javac's NEW, DUP, ..., INVOKESPECIAL");
            }
            insns.remove(dup);
            insns.remove(neu);
            InsnList seq = new InsnList();
            Type[] args = Type.getArgumentTypes(init.desc);
            int[] at = new int[args.length];
            int next = temps;
            for (int a = 0; a < args.length; a++) {
                at[a] = next;
                next += args[a].getSize();
            }
            for (int a = args.length - 1; a >= 0; a--) {
                seq.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), at[a]));
            }
            seq.add(new TypeInsnNode(Opcodes.NEW, ((TypeInsnNode) neu).desc));
            seq.add(new InsnNode(Opcodes.DUP));
            for (int a = 0; a < args.length; a++) {
                seq.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), at[a]));
            }
            insns.insertBefore(init, seq);
        }
    }

    /** Rewrites suspension point {@code k} in place and adds its suspend and restore blocks. */
    private void rewriteSuspension(int k) {
        MethodInsnNode await = suspensions.get(k - 1);
        Point p = points.get(k);
        LabelNode cancel = new LabelNode();
        LabelNode poll = new LabelNode();
        LabelNode suspend = new LabelNode();
        InsnList seq = new InsnList();
        boolean emit = isEmit(await);
        if (emit) {
            // [.., item] -> out of line: save, return the item; resume continues at `poll`
            seq.add(new VarInsnNode(Opcodes.ASTORE, tF));
            seq.add(new JumpInsnNode(Opcodes.GOTO, suspend));
            seq.add(cancel);
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STATE_MACHINE, "cancelEmit", "()L" + CANCELLED + ";", false));
            seq.add(new InsnNode(Opcodes.ATHROW));
            seq.add(poll);
        } else {
            seq.add(new VarInsnNode(Opcodes.ASTORE, tF));
            seq.add(new JumpInsnNode(Opcodes.GOTO, poll));
            seq.add(cancel);
            seq.add(new VarInsnNode(Opcodes.ALOAD, tF));
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STATE_MACHINE, "cancelAwait",
                    "(L" + FUTURE + ";)L" + CANCELLED + ";", false));
            seq.add(new InsnNode(Opcodes.ATHROW));
            seq.add(poll);
            pollAwaited(seq, tF, suspend);
            seq.add(new TypeInsnNode(Opcodes.CHECKCAST, READY));
            seq.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, READY, "value", "()" + OBJECT_DESC, false));
        }
        insns.insertBefore(await, seq);
        insns.remove(await);

        // suspend: [.., saved stack, poll]
        tail.add(suspend);
        addLine(tail, p.line, suspend);
        if (!emit) {
            tail.add(new InsnNode(Opcodes.POP));
        }
        int[] at = new int[p.stack.size()];
        int next = temps;
        for (int j = 0; j < p.stack.size(); j++) {
            at[j] = next;
            next += size(p.stack.get(j).kind());
        }
        for (int j = p.stack.size() - 1; j >= 0; j--) {
            Slot s = p.stack.get(j);
            tail.add(new VarInsnNode(store(s.kind()), at[j]));
        }
        for (Slot s : p.locals) {
            saveField(tail, s, s.local() + SHIFT);
        }
        for (int j = 0; j < p.stack.size(); j++) {
            saveField(tail, p.stack.get(j), at[j]);
        }
        if (emit) {
            setState(tail, k);
            tail.add(new VarInsnNode(Opcodes.ALOAD, tF));
            tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, GENERATOR, "item", "(" + OBJECT_DESC + ")L" + POLL + ";", false));
            tail.add(new InsnNode(Opcodes.ARETURN));
        } else {
            suspend(tail, tF, k);
        }

        // restore
        LabelNode r = new LabelNode();
        restore[k] = r;
        tail.add(r);
        addLine(tail, p.line, r);
        for (Slot s : p.locals) {
            loadField(tail, s);
            tail.add(new VarInsnNode(store(s.kind()), s.local() + SHIFT));
        }
        for (Slot s : p.stack) {
            loadField(tail, s);
        }
        if (emit) {
            tail.add(new VarInsnNode(Opcodes.ALOAD, 1));
            tail.add(new FieldInsnNode(Opcodes.GETSTATIC, STATE_MACHINE, "UNWIND", "L" + CONTEXT + ";"));
        } else {
            takeAwaited(tail, tF);
        }
        tail.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, cancel));
        tail.add(new JumpInsnNode(Opcodes.GOTO, poll));
    }

    /** Rewrites the returns, and adds the block awaiting a returned future (or stream). */
    private void rewriteReturns() {
        int retState = suspensions.size() + 1;
        LabelNode ret = new LabelNode();
        int retLine = -1;
        int curLine = -1;
        boolean anyGeneralReturn = false;
        for (AbstractInsnNode insn : insns.toArray()) {
            if (insn instanceof LineNumberNode ln) {
                curLine = ln.line;
            }
            if (insn.getOpcode() != Opcodes.ARETURN) {
                continue;
            }
            AbstractInsnNode prev = insn.getPrevious();
            if (generator && prev instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKESTATIC
                    && mi.owner.equals(STREAM) && mi.name.equals("empty") && mi.desc.equals("()L" + STREAM + ";")) {
                insns.set(mi, new MethodInsnNode(Opcodes.INVOKESTATIC, STREAM, "end", "()L" + POLL + ";", true));
                InsnList done = new InsnList();
                setState(done, -1);
                insns.insertBefore(insn, done);
            } else if (!generator && prev instanceof MethodInsnNode mi && mi.getOpcode() == Opcodes.INVOKESTATIC && mi.owner.equals(FUTURE)
                    && mi.name.equals("ready") && mi.desc.equals("(" + OBJECT_DESC + ")L" + FUTURE + ";")) {
                insns.set(mi, new MethodInsnNode(Opcodes.INVOKESTATIC, POLL, "ready",
                        "(" + OBJECT_DESC + ")L" + POLL + ";", true));
                InsnList done = new InsnList();
                setState(done, -1);
                insns.insertBefore(insn, done);
            } else {
                anyGeneralReturn = true;
                if (retLine < 0) {
                    retLine = curLine;
                }
                insns.set(insn, new JumpInsnNode(Opcodes.GOTO, ret));
            }
        }
        Point retPoint = new Point();
        retPoint.line = retLine;
        points.add(retPoint);
        LabelNode restoreRet = new LabelNode();
        restore[retState] = restoreRet;
        if (generator) {
            tailStream(tail, ret, restoreRet, anyGeneralReturn, retLine, retState);
        } else {
            LabelNode retPoll = new LabelNode();
            LabelNode retPending = new LabelNode();
            if (anyGeneralReturn) {
                tail.add(ret);
                addLine(tail, retLine, ret);
                tail.add(new VarInsnNode(Opcodes.ASTORE, tF));
            }
            tail.add(retPoll);
            pollAwaited(tail, tF, retPending);
            setState(tail, -1);
            tail.add(new InsnNode(Opcodes.ARETURN));
            tail.add(retPending);
            tail.add(new InsnNode(Opcodes.POP));
            suspend(tail, tF, retState);
            tail.add(restoreRet);
            takeAwaited(tail, tF);
            tail.add(new JumpInsnNode(Opcodes.IF_ACMPNE, retPoll));
            tail.add(new VarInsnNode(Opcodes.ALOAD, tF));
            tail.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, FUTURE, "cancel", "()V", true));
            tail.add(new FieldInsnNode(Opcodes.GETSTATIC, PENDING, "INSTANCE", "L" + PENDING + ";"));
            tail.add(new InsnNode(Opcodes.ARETURN));
        }
    }

    /** The bad-state block, and the head: dispatch on the state, the entry restore falling into the code. */
    private void addDispatch() {
        int retState = suspensions.size() + 1;
        LabelNode bad = new LabelNode();
        tail.add(bad);
        tail.add(new VarInsnNode(Opcodes.ALOAD, 0));
        tail.add(new VarInsnNode(Opcodes.ILOAD, tS));
        tail.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "state", "I"));
        tail.add(new VarInsnNode(Opcodes.ILOAD, tS));
        tail.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STATE_MACHINE, "badState", "(I)Ljava/lang/IllegalStateException;", false));
        tail.add(new InsnNode(Opcodes.ATHROW));

        // head: dispatch, then the entry restore falling through into the code
        InsnList head = new InsnList();
        LabelNode start = new LabelNode();
        head.add(start);
        if (firstLine >= 0) {
            head.add(new LineNumberNode(firstLine, start));
        }
        head.add(new VarInsnNode(Opcodes.ALOAD, 0));
        head.add(new FieldInsnNode(Opcodes.GETFIELD, machineName, "state", "I"));
        head.add(new VarInsnNode(Opcodes.ISTORE, tS));
        setState(head, -2);
        head.add(new VarInsnNode(Opcodes.ILOAD, tS));
        LabelNode entryLabel = new LabelNode();
        restore[0] = entryLabel;
        head.add(new TableSwitchInsnNode(0, retState, bad, restore));
        head.add(entryLabel);
        for (Slot s : points.get(0).locals) {
            loadField(head, s);
            head.add(new VarInsnNode(store(s.kind()), s.local() + SHIFT));
        }
        insns.insert(head);
        insns.add(tail);
    }

    private MethodNode body() {
        MethodNode body = new MethodNode(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC | (ownerIsInterface ? Opcodes.ACC_PUBLIC : 0),
                m.name, "(L" + machineName + ";L" + CONTEXT + ";)L" + POLL + ";", null, m.exceptions.toArray(new String[0]));
        body.instructions = insns;
        body.tryCatchBlocks = m.tryCatchBlocks;
        body.localVariables = new ArrayList<>();
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                body.localVariables.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, lv.start, lv.end, lv.index + SHIFT));
            }
        }
        body.maxLocals = 0; // computed with the frames (COMPUTE_FRAMES implies COMPUTE_MAXS)
        body.maxStack = 0;
        return body;
    }

    /**
     * A generator's return of a stream other than {@code empty()}: pass its items on
     * ({@code tail}) until it ends, as state {@code retState}.
     */
    private void tailStream(InsnList out, LabelNode ret, LabelNode restoreRet, boolean anyGeneralReturn, int retLine,
            int retState) {
        LabelNode again = new LabelNode();
        LabelNode notEnd = new LabelNode();
        String tailDesc = "L" + STREAM + ";";
        if (anyGeneralReturn) {
            out.add(ret);
            addLine(out, retLine, ret);
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, STREAM));
            out.add(new VarInsnNode(Opcodes.ALOAD, 0));
            out.add(new InsnNode(Opcodes.SWAP));
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "tail", tailDesc));
        }
        out.add(again);
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, machineName, "tail", tailDesc));
        out.add(new VarInsnNode(Opcodes.ALOAD, 1));
        out.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, STREAM, "pollNext", "(L" + CONTEXT + ";)L" + POLL + ";", true));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, STREAM, "isEnd", "(L" + POLL + ";)Z", true));
        out.add(new JumpInsnNode(Opcodes.IFEQ, notEnd));
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "tail", tailDesc));
        setState(out, -1);
        out.add(new InsnNode(Opcodes.ARETURN));
        out.add(notEnd);
        setState(out, retState);
        out.add(new InsnNode(Opcodes.ARETURN));
        out.add(restoreRet);
        out.add(new VarInsnNode(Opcodes.ALOAD, 1));
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, STATE_MACHINE, "UNWIND", "L" + CONTEXT + ";"));
        out.add(new JumpInsnNode(Opcodes.IF_ACMPNE, again));
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, machineName, "tail", tailDesc));
        out.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, STREAM, "cancel", "()V", true));
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "tail", tailDesc));
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, PENDING, "INSTANCE", "L" + PENDING + ";"));
        out.add(new InsnNode(Opcodes.ARETURN));
    }

    /** The values live at entry: the arguments (and {@code this}) the body reads. */
    private Point entryPoint(Liveness live) {
        Point p = new Point();
        Map<Character, Integer> used = new HashMap<>();
        BitSet in = live.liveIn(0);
        int slot = 0;
        if ((m.access & Opcodes.ACC_STATIC) == 0) {
            if (in.get(0)) {
                p.locals.add(slot(owner.name, 0, used));
            }
            slot = 1;
        }
        for (Type t : Type.getArgumentTypes(m.desc)) {
            if (in.get(slot)) {
                Object type = switch (t.getSort()) {
                    case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                    case Type.LONG -> Opcodes.LONG;
                    case Type.FLOAT -> Opcodes.FLOAT;
                    case Type.DOUBLE -> Opcodes.DOUBLE;
                    default -> t.getInternalName();
                };
                p.locals.add(slot(type, slot, used));
            }
            slot += t.getSize();
        }
        return p;
    }

    private Slot slot(Object type, int local, Map<Character, Integer> used) {
        char kind;
        String cast = null;
        if (type == Opcodes.INTEGER) {
            kind = 'I';
        } else if (type == Opcodes.LONG) {
            kind = 'J';
        } else if (type == Opcodes.FLOAT) {
            kind = 'F';
        } else if (type == Opcodes.DOUBLE) {
            kind = 'D';
        } else if (type == Opcodes.NULL) {
            kind = 'N';
        } else if (type instanceof String s) {
            kind = 'A';
            cast = s.equals(OBJECT) ? null : s;
        } else {
            throw new IllegalArgumentException("unexpected frame type " + type);
        }
        if (kind == 'N') {
            return new Slot(kind, local, null, null);
        }
        int index = used.merge(kind, 1, Integer::sum) - 1;
        fieldCounts.merge(kind, index + 1, Math::max);
        return new Slot(kind, local, cast, Character.toLowerCase(kind) + Integer.toString(index));
    }

    private static String fieldDesc(char kind) {
        return kind == 'A' ? OBJECT_DESC : String.valueOf(kind);
    }

    private static int size(char kind) {
        return kind == 'J' || kind == 'D' ? 2 : 1;
    }

    private static int store(char kind) {
        return switch (kind) {
            case 'I' -> Opcodes.ISTORE;
            case 'J' -> Opcodes.LSTORE;
            case 'F' -> Opcodes.FSTORE;
            case 'D' -> Opcodes.DSTORE;
            default -> Opcodes.ASTORE;
        };
    }

    private static int load(char kind) {
        return store(kind) - (Opcodes.ISTORE - Opcodes.ILOAD);
    }

    private void saveField(InsnList out, Slot s, int local) {
        if (s.kind() == 'N') {
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new VarInsnNode(load(s.kind()), local));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, s.field(), fieldDesc(s.kind())));
    }

    /** Pushes a saved value, clearing a reference field so the machine retains nothing stale. */
    private void loadField(InsnList out, Slot s) {
        if (s.kind() == 'N') {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, machineName, s.field(), fieldDesc(s.kind())));
        if (s.kind() == 'A') {
            if (s.castTo() != null) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, s.castTo()));
            }
            out.add(new VarInsnNode(Opcodes.ALOAD, 0));
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, s.field(), OBJECT_DESC));
        }
    }

    /** {@code [..] -> [.., poll]}, jumping to {@code pending} (with the poll on the stack) when not ready. */
    private static void pollAwaited(InsnList out, int tF, LabelNode pending) {
        out.add(new VarInsnNode(Opcodes.ALOAD, tF));
        out.add(new VarInsnNode(Opcodes.ALOAD, 1));
        out.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, FUTURE, "poll", "(L" + CONTEXT + ";)L" + POLL + ";", true));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new TypeInsnNode(Opcodes.INSTANCEOF, READY));
        out.add(new JumpInsnNode(Opcodes.IFEQ, pending));
    }

    /** Moves {@code awaited} into {@code tF}, clears it, and pushes the context and UNWIND to compare. */
    private void takeAwaited(InsnList out, int tF) {
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new FieldInsnNode(Opcodes.GETFIELD, machineName, "awaited", "L" + FUTURE + ";"));
        out.add(new VarInsnNode(Opcodes.ASTORE, tF));
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "awaited", "L" + FUTURE + ";"));
        out.add(new VarInsnNode(Opcodes.ALOAD, 1));
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, STATE_MACHINE, "UNWIND", "L" + CONTEXT + ";"));
    }

    /** Stores {@code tF} as the awaited future, sets the state and returns Pending. */
    private void suspend(InsnList out, int tF, int state) {
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(new VarInsnNode(Opcodes.ALOAD, tF));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "awaited", "L" + FUTURE + ";"));
        setState(out, state);
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, PENDING, "INSTANCE", "L" + PENDING + ";"));
        out.add(new InsnNode(Opcodes.ARETURN));
    }

    private void setState(InsnList out, int state) {
        out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        out.add(state == (short) state ? new IntInsnNode(Opcodes.SIPUSH, state) : new LdcInsnNode(state));
        out.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, "state", "I"));
    }

    private static void addLine(InsnList out, int line, LabelNode at) {
        if (line >= 0) {
            out.add(new LineNumberNode(line, at));
        }
    }

    private String entryDesc(Point entry) {
        StringBuilder sb = new StringBuilder("(");
        for (Slot s : entry.locals) {
            sb.append(fieldDesc(s.kind()));
        }
        return sb.append(")V").toString();
    }

    /** The new code of the original method: {@code return new Machine(live arguments)}. */
    private InsnList constructorCall(Point entry, int line) {
        InsnList out = new InsnList();
        LabelNode start = new LabelNode();
        out.add(start);
        if (line >= 0) {
            out.add(new LineNumberNode(line, start));
        }
        out.add(new TypeInsnNode(Opcodes.NEW, machineName));
        out.add(new InsnNode(Opcodes.DUP));
        for (Slot s : entry.locals) {
            out.add(new VarInsnNode(load(s.kind()), s.local()));
        }
        out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, machineName, "<init>", entryDesc(entry), false));
        out.add(new InsnNode(Opcodes.ARETURN));
        return out;
    }

    private ClassNode machine(Point entry, List<Point> points) {
        ClassNode c = new ClassNode();
        c.version = Math.max(owner.version & 0xFFFF, Opcodes.V11);
        c.access = Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC;
        c.name = machineName;
        c.superName = base();
        c.sourceFile = owner.sourceFile;
        for (Map.Entry<Character, Integer> e : fieldCounts.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                c.fields.add(new FieldNode(Opcodes.ACC_SYNTHETIC, Character.toLowerCase(e.getKey()) + Integer.toString(i),
                        fieldDesc(e.getKey()), null, null));
            }
        }
        c.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC,
                "SITE", "L" + SITE + ";", null, null));

        StringBuilder lines = new StringBuilder();
        for (Point p : points) {
            if (!lines.isEmpty()) {
                lines.append(' ');
            }
            lines.append(p.line);
        }
        MethodNode clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.instructions.add(new TypeInsnNode(Opcodes.NEW, SITE));
        clinit.instructions.add(new InsnNode(Opcodes.DUP));
        clinit.instructions.add(new LdcInsnNode(owner.name.replace('/', '.')));
        clinit.instructions.add(new LdcInsnNode(m.name));
        clinit.instructions.add(owner.sourceFile == null ? new InsnNode(Opcodes.ACONST_NULL) : new LdcInsnNode(owner.sourceFile));
        clinit.instructions.add(new LdcInsnNode(lines.toString()));
        clinit.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, SITE, "<init>",
                "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V", false));
        clinit.instructions.add(new FieldInsnNode(Opcodes.PUTSTATIC, machineName, "SITE", "L" + SITE + ";"));
        clinit.instructions.add(new InsnNode(Opcodes.RETURN));
        c.methods.add(clinit);

        MethodNode init = new MethodNode(0, "<init>", entryDesc(entry), null, null);
        init.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        init.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, base(), "<init>", "()V", false));
        int slot = 1;
        for (Slot s : entry.locals) {
            init.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
            init.instructions.add(new VarInsnNode(load(s.kind()), slot));
            init.instructions.add(new FieldInsnNode(Opcodes.PUTFIELD, machineName, s.field(), fieldDesc(s.kind())));
            slot += size(s.kind());
        }
        init.instructions.add(new InsnNode(Opcodes.RETURN));
        c.methods.add(init);

        MethodNode poll = new MethodNode(Opcodes.ACC_PUBLIC, generator ? "pollNext" : "poll", "(L" + CONTEXT + ";)L" + POLL + ";", null, null);
        poll.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        poll.instructions.add(new VarInsnNode(Opcodes.ALOAD, 1));
        poll.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, m.name,
                "(L" + machineName + ";L" + CONTEXT + ";)L" + POLL + ";", ownerIsInterface));
        poll.instructions.add(new InsnNode(Opcodes.ARETURN));
        c.methods.add(poll);

        MethodNode site = new MethodNode(Opcodes.ACC_PROTECTED, "site", "()L" + SITE + ";", null, null);
        site.instructions.add(new FieldInsnNode(Opcodes.GETSTATIC, machineName, "SITE", "L" + SITE + ";"));
        site.instructions.add(new InsnNode(Opcodes.ARETURN));
        c.methods.add(site);
        return c;
    }

    private void rewriteAsyncCloses() {
        for (AbstractInsnNode insn : m.instructions.toArray()) {
            if (isAsyncClose(insn)) {
                InsnList seq = new InsnList();
                seq.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, CLOSEABLE, "closeAsync", "()L" + FUTURE + ";", true));
                seq.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, FUTURE, "await", "()" + OBJECT_DESC, true));
                seq.add(new InsnNode(Opcodes.POP));
                m.instructions.insertBefore(insn, seq);
                m.instructions.remove(insn);
            }
        }
    }
}
