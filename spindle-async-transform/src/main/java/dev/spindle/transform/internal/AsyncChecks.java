package dev.spindle.transform.internal;

import dev.spindle.transform.Diagnostic;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/** The build-time checks of {@code await()} and {@code @Async} use, run on every class. */
public final class AsyncChecks {
    private AsyncChecks() {
    }

    /**
     * @param cn the class, read with debug information (source file, line numbers)
     * @return the errors found, in source order; empty when the class is fine
     */
    public static List<Diagnostic> check(ClassNode cn) {
        return List.of(); // the checks land with their tests
    }
}
