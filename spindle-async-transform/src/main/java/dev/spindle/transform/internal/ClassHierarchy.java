package dev.spindle.transform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The class hierarchy as class files describe it, read as resources of a loader: the
 * transformer needs supertypes (is this receiver a {@code Future}? the common superclass of two
 * types, for stack map frames) without loading any class, since it runs while classes load (the
 * agent) and on classes that are not loadable yet (the plugin, the generated machines).
 */
public final class ClassHierarchy {
    private static final String OBJECT = "java/lang/Object";

    /** What the hierarchy needs of one class. */
    private record Info(String superName, String[] interfaces, boolean isInterface) {
    }

    private static final Info MISSING = new Info(null, new String[0], false);

    private final ClassLoader loader;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    /**
     * @param loader the loader whose resources hold the class files
     */
    public ClassHierarchy(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Declares a class that is not (yet) among the loader's resources.
     *
     * @param name its internal name
     * @param superName its superclass
     * @param interfaces its interfaces
     * @param isInterface whether it is an interface
     */
    public void define(String name, String superName, String[] interfaces, boolean isInterface) {
        cache.put(name, new Info(superName, interfaces, isInterface));
    }

    private Info info(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    private Info read(String name) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            if (in == null) {
                return MISSING;
            }
            ClassReader cr = new ClassReader(in);
            return new Info(cr.getSuperName(), cr.getInterfaces(), (cr.getAccess() & Opcodes.ACC_INTERFACE) != 0);
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }

    /**
     * @param name an internal name
     * @param target another internal name
     * @return whether {@code name} is {@code target} or one of its subtypes; {@code false} when
     *     the hierarchy cannot be read
     */
    public boolean isSubtype(String name, String target) {
        if (name.startsWith("[")) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.add(name);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (n.equals(target)) {
                return true;
            }
            if (!seen.add(n)) {
                continue;
            }
            Info i = info(n);
            if (i.superName() != null) {
                todo.add(i.superName());
            }
            for (String itf : i.interfaces()) {
                todo.add(itf);
            }
        }
        return false;
    }

    /**
     * The common superclass of two reference types, as {@link ClassWriter#getCommonSuperClass}
     * defines it: {@code java/lang/Object} when either is an interface or unknown.
     *
     * @param a an internal name
     * @param b another
     * @return their closest common superclass
     */
    public String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.startsWith("[") || b.startsWith("[")) {
            return OBJECT;
        }
        Info ia = info(a);
        Info ib = info(b);
        if (ia == MISSING || ib == MISSING || ia.isInterface() || ib.isInterface()) {
            return OBJECT;
        }
        Set<String> chain = new HashSet<>();
        for (String n = a; n != null; n = info(n).superName()) {
            chain.add(n);
        }
        for (String n = b; n != null; n = info(n).superName()) {
            if (chain.contains(n)) {
                return n;
            }
        }
        return OBJECT;
    }

    /**
     * Returns a class writer that computes frames with this hierarchy.
     *
     * @param flags the writer's flags
     * @return the writer
     */
    public ClassWriter writer(int flags) {
        return new ClassWriter(flags) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return commonSuperClass(type1, type2);
            }

            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
    }
}
