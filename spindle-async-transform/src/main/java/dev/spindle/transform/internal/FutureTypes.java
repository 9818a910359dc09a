package dev.spindle.transform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * Answers "is this class or interface a {@code dev.spindle.Future}?" for internal names found in
 * class files, by reading the super types from class files, never by loading classes.
 *
 * <p>Reading class files as resources (instead of {@code Class.forName}) matters twice: the
 * transformer may run in a JVM older than the classes it reads (Maven on Java 17 building release
 * 21 code), and loading a class to inspect it would initialise it, or define it in the agent's
 * loader before the agent has transformed it.
 *
 * <h2>Implementation notes</h2>
 * Answers are memoised per instance in a concurrent map; computing one twice in a race gives the
 * same answer, so no locking is needed. A type whose class file cannot be found counts as a future
 * only when it lives in Spindle's own packages ({@code dev/spindle/}): an unresolvable user type is
 * given the benefit of the doubt, because a wrong build error is worse than the run-time
 * {@code IllegalStateException} that an untransformed {@code await()} throws anyway. Cycles (only
 * possible in malformed input) end because each query tracks the types it is visiting.
 */
public final class FutureTypes {
    /** {@code dev.spindle.Future}, the root of every future type. */
    public static final String FUTURE = "dev/spindle/Future";

    private static final String SPINDLE_PACKAGE = "dev/spindle/";

    private final ClassLoader loader;
    private final Map<String, Boolean> cache = new ConcurrentHashMap<>();
    private final Map<String, Header> local = new ConcurrentHashMap<>();

    private FutureTypes(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * @param loader where class files are read from as resources ({@code a/b/C.class}); {@code null}
     *     for the system class loader
     * @return a resolver over that loader
     */
    public static FutureTypes over(ClassLoader loader) {
        return new FutureTypes(loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    /**
     * Makes a class known without reading it from the loader: the class being checked, which the
     * loader may not see yet (an agent transforming it at load time).
     *
     * @param name the internal name
     * @param superName the internal name of the super class, or {@code null}
     * @param interfaces the internal names of the direct super interfaces
     */
    public void declare(String name, String superName, List<String> interfaces) {
        local.put(name, new Header(superName, List.copyOf(interfaces)));
    }

    /**
     * @param internalName a class or interface, e.g. {@code dev/spindle/runtime/JoinHandle}
     * @return whether it is {@code dev/spindle/Future} or a subtype of it
     */
    public boolean isFuture(String internalName) {
        return isFuture(internalName, new HashSet<>());
    }

    private boolean isFuture(String internalName, Set<String> visiting) {
        if (internalName == null || internalName.startsWith("[")) {
            return false;
        }
        if (internalName.equals(FUTURE)) {
            return true;
        }
        Boolean known = cache.get(internalName);
        if (known != null) {
            return known;
        }
        if (!visiting.add(internalName)) {
            return false; // a cycle, only possible in malformed input
        }
        boolean answer = header(internalName)
                .map(h -> isFuture(h.superName, visiting)
                        || h.interfaces.stream().anyMatch(i -> isFuture(i, visiting)))
                .orElse(internalName.startsWith(SPINDLE_PACKAGE));
        cache.put(internalName, answer);
        return answer;
    }

    private Optional<Header> header(String internalName) {
        Header declared = local.get(internalName);
        if (declared != null) {
            return Optional.of(declared);
        }
        if (internalName.equals("java/lang/Object")) {
            return Optional.of(new Header(null, List.of()));
        }
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            ClassReader reader = new ClassReader(in);
            return Optional.of(new Header(reader.getSuperName(), new ArrayList<>(List.of(reader.getInterfaces()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or malformed: treated as unknown
        }
    }

    private record Header(String superName, List<String> interfaces) {
    }
}
