package dev.spindle.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads the test corpus (classes under a package prefix) itself, child-first: transformed by
 * {@link AsyncTransformer} ({@link Mode#ASYNC}), or with each await replaced by a synchronous
 * poll loop ({@link Mode#SYNC}), the reference the machines are compared with.
 */
final class TransformingLoader extends ClassLoader {
    enum Mode { ASYNC, SYNC }

    static final String CORPUS = "dev.spindle.transform.corpus.";

    private final Mode mode;
    private final AsyncTransformer transformer;
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
    /** Every class file this loader defined, by internal name, as it defined it. */
    final Map<String, byte[]> defined = new ConcurrentHashMap<>();
    /** The classes the transformer changed or generated. */
    final Map<String, byte[]> transformed = new ConcurrentHashMap<>();

    TransformingLoader(Mode mode) {
        super(TransformingLoader.class.getClassLoader());
        this.mode = mode;
        this.transformer = new AsyncTransformer(getParent());
    }

    static byte[] original(String internalName) {
        try (InputStream in = TransformingLoader.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Calls a static corpus method by name (skipping the transformer's synthetic bodies).
     *
     * @param cls the corpus class's simple name
     * @param method the method's name
     * @param args its arguments
     * @return what it returned
     * @throws Throwable what it threw
     */
    Object call(String cls, String method, Object... args) throws Throwable {
        for (java.lang.reflect.Method m : Class.forName(CORPUS + cls, true, this).getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length && !m.isSynthetic()) {
                m.setAccessible(true);
                try {
                    return m.invoke(null, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(cls + "." + method);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(CORPUS)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = defineCorpusClass(name);
            }
            return c;
        }
    }

    private Class<?> defineCorpusClass(String name) throws ClassNotFoundException {
        String internal = name.replace('.', '/');
        byte[] bytes = pending.remove(internal);
        if (bytes == null) {
            byte[] orig = original(internal);
            if (orig == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = mode == Mode.ASYNC ? transform(internal, orig) : syncRewrite(orig);
        }
        defined.put(internal, bytes);
        return defineClass(name, bytes, 0, bytes.length);
    }

    private byte[] transform(String internal, byte[] orig) {
        Map<String, byte[]> out;
        try {
            out = transformer.transform(orig);
        } catch (AsyncTransformException e) {
            throw new IllegalStateException(e);
        }
        if (out.isEmpty()) {
            return orig;
        }
        transformed.putAll(out);
        out.forEach((k, v) -> {
            if (!k.equals(internal)) {
                pending.put(k, v);
            }
        });
        return out.get(internal);
    }

    private byte[] syncRewrite(byte[] orig) {
        ClassReader cr = new ClassReader(orig);
        ClassWriter cw = new ClassWriter(cr, 0);
        cr.accept(new ClassVisitor(Opcodes.ASM9, cw) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, sig, exc)) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String mName, String mDesc, boolean itf) {
                        if (op != Opcodes.INVOKESTATIC && mName.equals("await") && mDesc.equals("()Ljava/lang/Object;")) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/spindle/transform/SyncAwait", "await",
                                    "(Ldev/spindle/Future;)Ljava/lang/Object;", false);
                        } else if (op != Opcodes.INVOKESTATIC && mName.equals("close") && mDesc.equals("()V")
                                && isAsyncCloseable(owner)) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/spindle/transform/SyncAwait", "close",
                                    "(Ldev/spindle/AsyncCloseable;)V", false);
                        } else {
                            super.visitMethodInsn(op, owner, mName, mDesc, itf);
                        }
                    }
                };
            }
        }, 0);
        return cw.toByteArray();
    }

    private boolean isAsyncCloseable(String owner) {
        try {
            return dev.spindle.AsyncCloseable.class.isAssignableFrom(Class.forName(owner.replace('/', '.'), false, getParent()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
