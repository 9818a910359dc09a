package dev.spindle.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files for the tests, written with ASM: the plugin must not depend on spindle-core. */
public final class ClassFiles {
    private ClassFiles() {
    }

    /**
     * @param name the internal name
     * @param awaitLine if positive, the class has a method {@code get(Future)} that calls
     *     {@code await()} without {@code @Async}, at this source line
     * @return the class file
     */
    public static byte[] generate(String name, int awaitLine) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(name.substring(name.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        if (awaitLine > 0) {
            MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "get", "(Ldev/spindle/Future;)Ljava/lang/Object;",
                    null, null);
            get.visitCode();
            Label line = new Label();
            get.visitLabel(line);
            get.visitLineNumber(awaitLine, line);
            get.visitVarInsn(Opcodes.ALOAD, 1);
            get.visitMethodInsn(Opcodes.INVOKEINTERFACE, "dev/spindle/Future", "await", "()Ljava/lang/Object;", true);
            get.visitInsn(Opcodes.ARETURN);
            get.visitMaxs(0, 0);
            get.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * Writes a generated class under a directory.
     *
     * @param dir the output directory
     * @param name the internal name
     * @param awaitLine as for {@link #generate}
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path write(Path dir, String name, int awaitLine) throws IOException {
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, generate(name, awaitLine));
        return file;
    }
}
