package dev.spindle.transform;

import java.util.Objects;

/**
 * One build error found in a class file: where it is in the source and what to do about it.
 *
 * @param sourceFile the source file name as the class file records it (e.g. {@code Fetch.java}),
 *     or {@code "<unknown>"} when the class was compiled without it
 * @param line the source line, or {@code -1} when the class has no line numbers there
 * @param className the binary name of the class, e.g. {@code com.example.Fetch}
 * @param methodName the method the error is in, or {@code null} for a class-level error
 * @param message what is wrong and a one-sentence fix
 */
public record Diagnostic(String sourceFile, int line, String className, String methodName, String message) {

    /** Checks the required components. */
    public Diagnostic {
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Formats the error as compilers do, {@code File.java:12: message}.
     *
     * @return the formatted error
     */
    public String format() {
        return sourceFile + ":" + (line < 0 ? "?" : Integer.toString(line)) + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
