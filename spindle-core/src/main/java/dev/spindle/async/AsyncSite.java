package dev.spindle.async;

/**
 * Where the suspension points of one {@code @Async} method are in the source: support for the
 * classes Spindle's transformer generates, one shared constant per generated class. Not meant
 * to be used by hand.
 */
public final class AsyncSite {
    private final String className;
    private final String methodName;
    private final String fileName;
    private final int[] lines;

    /**
     * @param className the binary name of the class declaring the method
     * @param methodName the method's name
     * @param fileName the source file, or {@code null}
     * @param lines the source line of each state, space-separated: entry first ({@code -1} when
     *     unknown), then each await in state order
     */
    public AsyncSite(String className, String methodName, String fileName, String lines) {
        this.className = className;
        this.methodName = methodName;
        this.fileName = fileName;
        String[] parts = lines.isEmpty() ? new String[0] : lines.split(" ");
        this.lines = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            this.lines[i] = Integer.parseInt(parts[i]);
        }
    }

    /**
     * Returns the location of a state.
     *
     * @param state the machine's state: {@code 0} entry, {@code k >= 1} suspended at await k
     * @return the stack trace element for it
     */
    public StackTraceElement element(int state) {
        int line = state >= 0 && state < lines.length ? lines[state] : -1;
        return new StackTraceElement(className, methodName, fileName, line);
    }
}
