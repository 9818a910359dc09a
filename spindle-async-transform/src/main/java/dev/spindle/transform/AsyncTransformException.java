package dev.spindle.transform;

import java.util.List;
import java.util.stream.Collectors;

/** The class file cannot be transformed: it misuses {@code await()} or {@code @Async}. */
public final class AsyncTransformException extends Exception {
    private final List<Diagnostic> diagnostics;

    /**
     * @param diagnostics the build errors found, at least one
     */
    public AsyncTransformException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("an AsyncTransformException needs a diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** @return the build errors, in source order */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
