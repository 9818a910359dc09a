package dev.spindle.transform.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Which local variable slots are live (read later before being written) after each instruction
 * of a method: the classic backward data-flow over the control-flow graph ASM's
 * {@link Analyzer} finds, exception edges included (a handler reading a local keeps it live
 * across every instruction its range covers).
 *
 * <p>A {@code long} or {@code double} counts as both its slots.
 */
final class Liveness {
    private final BitSet[] liveIn;
    private final BitSet[] liveOut;
    private final boolean[] reachable;

    private Liveness(BitSet[] liveIn, BitSet[] liveOut, boolean[] reachable) {
        this.liveIn = liveIn;
        this.liveOut = liveOut;
        this.reachable = reachable;
    }

    static Liveness of(String owner, MethodNode m) throws AnalyzerException {
        int n = m.instructions.size();
        List<List<Integer>> succ = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>(2));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new BasicInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                succ.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, int successor) {
                succ.get(insn).add(successor);
                return true;
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner, m);
        boolean[] reachable = new boolean[n];
        BitSet[] use = new BitSet[n];
        BitSet[] def = new BitSet[n];
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        for (int i = 0; i < n; i++) {
            reachable[i] = frames[i] != null;
            use[i] = new BitSet();
            def[i] = new BitSet();
            in[i] = new BitSet();
            out[i] = new BitSet();
            AbstractInsnNode insn = m.instructions.get(i);
            if (insn instanceof VarInsnNode v) {
                int size = switch (v.getOpcode()) {
                    case Opcodes.LLOAD, Opcodes.DLOAD, Opcodes.LSTORE, Opcodes.DSTORE -> 2;
                    default -> 1;
                };
                BitSet target = v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE ? def[i] : use[i];
                target.set(v.var, v.var + size);
            } else if (insn instanceof IincInsnNode inc) {
                use[i].set(inc.var);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet o = new BitSet();
                for (int s : succ.get(i)) {
                    o.or(in[s]);
                }
                BitSet newIn = (BitSet) o.clone();
                newIn.andNot(def[i]);
                newIn.or(use[i]);
                if (!newIn.equals(in[i]) || !o.equals(out[i])) {
                    in[i] = newIn;
                    out[i] = o;
                    changed = true;
                }
            }
        }
        return new Liveness(in, out, reachable);
    }

    /** @return the slots live just before instruction {@code i} */
    BitSet liveIn(int i) {
        return liveIn[i];
    }

    /** @return the slots live just after instruction {@code i} */
    BitSet liveOut(int i) {
        return liveOut[i];
    }

    /** @return whether instruction {@code i} can be reached from the method's entry */
    boolean reachable(int i) {
        return reachable[i];
    }
}
