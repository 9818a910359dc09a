package dev.spindle.transform.internal;

import dev.spindle.transform.AsyncTransformException;
import dev.spindle.transform.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Applies {@link MachineBuilder} to every {@code @Async} method of a class and writes the
 * results.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>The class is read twice: once as is, for output, so the methods that are not rewritten
 * keep their code and frames; once with expanded frames, which {@code AnalyzerAdapter} needs to
 * type the rewritten methods. Frames are computed (COMPUTE_FRAMES, with a hierarchy read from
 * class files, see {@link ClassHierarchy}) only for the rewritten methods, in a scratch class
 * that declares nothing else, and copied back. The transformed class is marked with the
 * invisible annotation {@value #MARKER}, which makes a second run a no-op.
 */
public final class StateMachines {
    /** Marks a class whose {@code @Async} methods were rewritten. */
    public static final String MARKER = "Ldev/spindle/async/Transformed;";
    private static final String ASYNC = "Ldev/spindle/Async;";
    private static final String FUTURE_RETURN = ")Ldev/spindle/Future;";
    private static final String STREAM_RETURN = ")Ldev/spindle/stream/AsyncStream;";

    private final ClassHierarchy hierarchy;

    /**
     * @param loader resolves class files for the hierarchy
     */
    public StateMachines(ClassLoader loader) {
        this.hierarchy = new ClassHierarchy(loader);
    }

    /**
     * @param cn a class
     * @return whether the transformer already rewrote it
     */
    public static boolean isTransformed(ClassNode cn) {
        return hasAnnotation(cn.invisibleAnnotations, MARKER);
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param m a method
     * @return whether it is an {@code @Async} method this transformer rewrites
     */
    public static boolean isAsyncMethod(MethodNode m) {
        return (hasAnnotation(m.invisibleAnnotations, ASYNC) || hasAnnotation(m.visibleAnnotations, ASYNC))
                && (m.desc.endsWith(FUTURE_RETURN) || m.desc.endsWith(STREAM_RETURN))
                // javac copies annotations onto bridge methods: the bridge only calls the real method
                && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0
                && !m.name.startsWith("<");
    }

    /**
     * Rewrites the class's {@code @Async} methods.
     *
     * @param reader the class file
     * @param cn the class, read from {@code reader} without expanding frames
     * @return the class files to write, empty when the class has no {@code @Async} method
     * @throws AsyncTransformException when a method cannot be rewritten
     */
    public Map<String, byte[]> transform(ClassReader reader, ClassNode cn) throws AsyncTransformException {
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < cn.methods.size(); i++) {
            if (isAsyncMethod(cn.methods.get(i))) {
                targets.add(i);
            }
        }
        if (targets.isEmpty()) {
            return Map.of();
        }
        if ((cn.version & 0xFFFF) < Opcodes.V1_8) {
            MethodNode first = cn.methods.get(targets.get(0));
            throw new AsyncTransformException(List.of(new Diagnostic(
                    cn.sourceFile == null ? "<unknown>" : cn.sourceFile, firstLine(first), cn.name.replace('/', '.'),
                    first.name, "@Async methods need class files for Java 8 or newer (the state machines call "
                            + "static interface methods); compile with --release 8 or later")));
        }
        ClassNode expanded = new ClassNode();
        reader.accept(expanded, ClassReader.EXPAND_FRAMES);
        hierarchy.define(cn.name, cn.superName, cn.interfaces.toArray(new String[0]), (cn.access & Opcodes.ACC_INTERFACE) != 0);

        Map<String, byte[]> out = new LinkedHashMap<>();
        ClassNode scratch = new ClassNode();
        scratch.version = cn.version;
        scratch.access = cn.access;
        scratch.name = cn.name;
        scratch.superName = cn.superName;
        scratch.interfaces = cn.interfaces;
        int index = 0;
        for (int i : targets) {
            MethodNode original = cn.methods.get(i);
            MethodNode analysed = expanded.methods.get(i);
            String machineName = cn.name + "$async$" + original.name + "$" + index++;
            MachineBuilder.Result r;
            try {
                MachineBuilder builder = new MachineBuilder(cn, analysed, machineName, hierarchy);
                hierarchy.define(machineName, builder.base(), new String[0], false);
                r = builder.build();
            } catch (AnalyzerException | RuntimeException e) {
                throw new AsyncTransformException(List.of(new Diagnostic(
                        cn.sourceFile == null ? "<unknown>" : cn.sourceFile, firstLine(original),
                        cn.name.replace('/', '.'), original.name,
                        "cannot rewrite this @Async method (" + e.getMessage()
                                + "); simplify the expression around the await, or report it with the class file")));
            }
            original.instructions = r.newCode();
            original.tryCatchBlocks = new ArrayList<>();
            original.localVariables = null;
            original.visibleLocalVariableAnnotations = null;
            original.invisibleLocalVariableAnnotations = null;
            original.maxLocals = Type.getArgumentsAndReturnSizes(original.desc) >> 2;
            scratch.methods.add(original);
            scratch.methods.add(r.body());
            ClassWriter mw = hierarchy.writer(ClassWriter.COMPUTE_FRAMES);
            r.machine().accept(mw);
            out.put(machineName, mw.toByteArray());
        }
        ClassWriter sw = hierarchy.writer(ClassWriter.COMPUTE_FRAMES);
        scratch.accept(sw);
        ClassNode framed = new ClassNode();
        new ClassReader(sw.toByteArray()).accept(framed, 0);
        int k = 0;
        for (int i : targets) {
            cn.methods.set(i, framed.methods.get(k++));
            cn.methods.add(framed.methods.get(k++));
        }
        if (cn.invisibleAnnotations == null) {
            cn.invisibleAnnotations = new ArrayList<>();
        }
        cn.invisibleAnnotations.add(new AnnotationNode(MARKER));
        ClassWriter cw = new ClassWriter(0);
        cn.accept(cw);
        Map<String, byte[]> result = new LinkedHashMap<>();
        result.put(cn.name, cw.toByteArray());
        result.putAll(out);
        return result;
    }

    private static int firstLine(MethodNode m) {
        for (var insn : m.instructions) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }
}
