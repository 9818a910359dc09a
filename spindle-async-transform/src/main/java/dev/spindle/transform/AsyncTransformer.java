package dev.spindle.transform;

import dev.spindle.transform.internal.AsyncChecks;
import dev.spindle.transform.internal.StateMachines;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Rewrites the {@code @dev.spindle.Async} methods of a class file into poll-based state
 * machines (the entry point shared by {@code spindle-maven-plugin} and {@code spindle-agent}).
 *
 * <p>Contract: a class with no {@code @Async} method and no misuse of {@code await()} comes back
 * unchanged (an empty map: the caller keeps the original bytes, so non-{@code @Async} code stays
 * byte-identical); a class that was transformed already comes back unchanged too (the transformer
 * is idempotent). Instances are thread-safe.
 *
 * <p>Each {@code @Async} method {@code m} of class {@code C} becomes
 * {@code return new C$async$m$N(arguments)}; the generated class is a
 * {@code dev.spindle.async.AsyncMachine} whose {@code poll} runs {@code m}'s original code (kept
 * in {@code C} as a synthetic static method of the same name, so stack traces and private access
 * are unchanged), suspending at each {@code await()} and resuming where it left off.
 */
public final class AsyncTransformer {
    private final ClassLoader frameLoader;
    private final StateMachines machines;

    /**
     * @param frameLoader the loader through which the classes a transformed class refers to can
     *     be found, for computing stack map frames (their common superclasses); read as
     *     resources, never loaded
     */
    public AsyncTransformer(ClassLoader frameLoader) {
        this.frameLoader = Objects.requireNonNull(frameLoader, "frameLoader");
        this.machines = new StateMachines(frameLoader);
    }

    /**
     * Transforms one class file.
     *
     * @param classFile the class file's bytes
     * @return the class files to write, by internal name ({@code com/example/Fetch}): the rewritten
     *     input class and every class generated for it; empty when there is nothing to change
     * @throws AsyncTransformException when the class misuses {@code await()} or {@code @Async}
     */
    public Map<String, byte[]> transform(byte[] classFile) throws AsyncTransformException {
        ClassReader reader = new ClassReader(classFile);
        ClassNode cn = new ClassNode();
        reader.accept(cn, 0);
        if (StateMachines.isTransformed(cn)) {
            return Map.of();
        }
        List<Diagnostic> errors = AsyncChecks.check(cn);
        if (!errors.isEmpty()) {
            throw new AsyncTransformException(errors);
        }
        return machines.transform(reader, cn);
    }

    /** @return the loader used to resolve classes for frame computation */
    ClassLoader frameLoader() {
        return frameLoader;
    }
}
