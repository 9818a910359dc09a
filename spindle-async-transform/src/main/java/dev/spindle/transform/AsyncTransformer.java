package dev.spindle.transform;

import dev.spindle.transform.internal.AsyncChecks;
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
 */
public final class AsyncTransformer {
    private final ClassLoader frameLoader;

    /**
     * @param frameLoader the loader through which the classes a transformed class refers to can
     *     be found, for computing stack map frames (their common superclasses)
     */
    public AsyncTransformer(ClassLoader frameLoader) {
        this.frameLoader = Objects.requireNonNull(frameLoader, "frameLoader");
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
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, 0);
        List<Diagnostic> errors = AsyncChecks.check(cn);
        if (!errors.isEmpty()) {
            throw new AsyncTransformException(errors);
        }
        return Map.of(); // the state-machine rewrite lands with the transformer itself
    }

    /** @return the loader used to resolve classes for frame computation */
    ClassLoader frameLoader() {
        return frameLoader;
    }
}
