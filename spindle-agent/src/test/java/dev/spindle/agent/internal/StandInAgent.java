package dev.spindle.agent.internal;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * An agent like {@code SpindleAgent} whose transformation, instead of the real transformer, adds
 * two generated classes to {@code GeneratedClassHost}: it tests the defining of generated classes
 * independently of what the transformer generates.
 */
public final class StandInAgent {
    static final String HOST = "dev/spindle/agent/demo/GeneratedClassHost";

    private StandInAgent() {
    }

    /**
     * @param args unused
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        AsyncClassFileTransformer.install(inst, (loader, bytes) -> {
            if (!new ClassReader(bytes).getClassName().equals(HOST)) {
                return Map.of();
            }
            Map<String, byte[]> out = new LinkedHashMap<>();
            out.put(HOST, bytes);
            out.put(HOST + "$Generated", generate(HOST + "$Generated", HOST + "$Base", 0, null));
            out.put(HOST + "$Base", generate(HOST + "$Base", "java/lang/Object", Opcodes.ACC_ABSTRACT, "generated"));
            return out;
        });
    }

    private static byte[] generate(String name, String superName, int access, String toString) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | access, name, null, superName, null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        if (toString != null) {
            MethodVisitor ts = cw.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
            ts.visitCode();
            ts.visitLdcInsn(toString);
            ts.visitInsn(Opcodes.ARETURN);
            ts.visitMaxs(0, 0);
            ts.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }
}
