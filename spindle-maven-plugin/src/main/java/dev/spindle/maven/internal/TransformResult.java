package dev.spindle.maven.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of {@link TransformRunner} found and did, and its line form, the file through which
 * the forked JVM reports to the mojo. It refers to no transformer type, so that the mojo can read it
 * on a JVM older than the transformer's classes.
 *
 * <p>Lines: {@code error\t<source file>\t<line>\t<class>\t<message>},
 * {@code failure\t<class file>\t<what happened>}, {@code wrote\t<internal name>}, and
 * {@code read\t<class files read>}. Tabs and line breaks inside values are replaced by spaces.
 */
public final class TransformResult {
    /** Build errors, class by class in file order. */
    public final List<Error> errors = new ArrayList<>();
    /** Classes the transformer failed on (its own bugs), one line each with the exception. */
    public final List<String> failures = new ArrayList<>();
    /** The class files written, by internal name. */
    public final List<String> written = new ArrayList<>();
    /** How many class files were read. */
    public int read;

    /** An empty result. */
    public TransformResult() {
    }

    /**
     * One build error, as {@code dev.spindle.transform.Diagnostic} reports it.
     *
     * @param sourceFile the source file's name, {@code Fetch.java}
     * @param line the line, or -1 when unknown
     * @param className the binary name of the class
     * @param message what is wrong and the fix
     */
    public record Error(String sourceFile, int line, String className, String message) {
        /**
         * @param sourceRoots where the sources are, to name the file by its path if it is found
         * @return {@code File.java:line: message}, the file as a path when it is under a root
         */
        public String format(List<String> sourceRoots) {
            String file = sourceFile;
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
            for (String root : sourceRoots) {
                Path candidate = Path.of(root, pkg + sourceFile);
                if (Files.isRegularFile(candidate)) {
                    file = candidate.toString();
                    break;
                }
            }
            return file + ":" + (line < 0 ? "?" : Integer.toString(line)) + ": " + message;
        }
    }

    /** @return whether the build may go on */
    public boolean ok() {
        return errors.isEmpty() && failures.isEmpty();
    }

    /** @return the line form */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Error e : errors) {
            lines.add(String.join("\t", "error", clean(e.sourceFile), Integer.toString(e.line), clean(e.className),
                    clean(e.message)));
        }
        failures.forEach(f -> lines.add("failure\t" + f.replace('\n', ' ')));
        written.forEach(w -> lines.add("wrote\t" + w));
        lines.add("read\t" + read);
        return lines;
    }

    /**
     * @param lines the line form
     * @return the result they describe
     */
    public static TransformResult parse(List<String> lines) {
        TransformResult r = new TransformResult();
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            switch (parts[0]) {
                case "error" -> {
                    if (parts.length == 5) {
                        r.errors.add(new Error(parts[1], Integer.parseInt(parts[2]), parts[3], parts[4]));
                    } else {
                        r.failures.add("malformed line from the transformer: " + line);
                    }
                }
                case "failure" -> r.failures.add(line.substring("failure\t".length()));
                case "wrote" -> r.written.add(parts.length > 1 ? parts[1] : "");
                case "read" -> r.read = Integer.parseInt(parts[1]);
                default -> r.failures.add("unexpected line from the transformer: " + line);
            }
        }
        return r;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
