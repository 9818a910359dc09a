package dev.spindle.maven;

import dev.spindle.maven.internal.TransformResult;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * What the two goals share: run Spindle's transformer on one output directory, write the class
 * files it returns, and fail the build with every build error it reports, formatted
 * {@code File.java:line: message}.
 *
 * <h2>Implementation notes</h2>
 * The transformer runs in a forked JVM, never in Maven's: Maven may run on an older Java (17 on
 * these machines) than the release the project is compiled for, and the transformer (release 21)
 * and the project's classes it reads must be read by a JVM at least as new. The fork uses, in this
 * order: the {@code jvm} parameter, the JDK toolchain the build selected
 * ({@code maven-toolchains-plugin}), or the JVM Maven runs on. It runs
 * {@code TransformRunner} on the plugin's own class path and reports through a result file, so
 * that nothing it prints can be mistaken for a result. One fork per goal execution costs a JVM
 * start (about half a second); the transformer itself is idempotent, so transforming an already
 * transformed directory again changes nothing.
 */
public abstract class AbstractTransformMojo extends AbstractMojo {
    /** Named, not referenced: its class refers to the transformer, which Maven's JVM may not load. */
    private static final String RUNNER = "dev.spindle.maven.internal.TransformRunner";

    /** Skips the goal ({@code -Dspindle.skip}): the classes stay as the compiler wrote them. */
    @Parameter(property = "spindle.skip", defaultValue = "false")
    boolean skip;

    /**
     * The {@code java} executable that runs the transformer; by default the build's JDK toolchain,
     * else the JVM that runs Maven. It must be Java 21 or newer, and not older than the release
     * the classes are compiled for.
     */
    @Parameter(property = "spindle.jvm")
    File jvm;

    /** The plugin's own dependencies: the class path of the forked transformer. */
    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    List<Artifact> pluginArtifacts;

    /** The build session, to find the JDK toolchain. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Finds the JDK toolchain selected for the build. */
    @Component
    ToolchainManager toolchainManager;

    /** For tests: the class path of the forked transformer, instead of the plugin's artifacts. */
    List<File> runnerClasspath;

    /** Creates the goal; Maven sets its parameters. */
    protected AbstractTransformMojo() {
    }

    /** @return the directory whose class files are transformed in place */
    protected abstract File classesDirectory();

    /** @return what the classes compile against: the class path the transformer resolves types on */
    protected abstract List<String> classpathElements();

    /** @return the source roots of the classes, to name a file in an error by its path */
    protected abstract List<String> sourceRoots();

    /** @return the goal's name, for messages */
    protected abstract String goal();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Spindle " + goal() + " is skipped");
            return;
        }
        File classes = classesDirectory();
        if (classes == null || !classes.isDirectory()) {
            getLog().info("Spindle " + goal() + ": no classes in " + classes);
            return;
        }
        TransformResult result = fork(classes.toPath());
        List<String> errors = new ArrayList<>();
        result.errors.forEach(e -> errors.add(e.format(sourceRoots())));
        errors.forEach(getLog()::error);
        result.failures.forEach(f -> getLog().error("Spindle's transformer failed on " + f));
        if (!result.ok()) {
            StringBuilder message = new StringBuilder();
            if (!result.errors.isEmpty()) {
                message.append(errors.size()).append(errors.size() == 1 ? " error" : " errors")
                        .append(" in the use of await() or @Async:");
                errors.forEach(e -> message.append('\n').append(e));
            }
            if (!result.failures.isEmpty()) {
                message.append(message.length() > 0 ? "\n" : "").append("Spindle's transformer failed on ")
                        .append(result.failures.size()).append(" class file(s); please report it with the class");
            }
            throw new MojoFailureException(message.toString());
        }
        getLog().info("Spindle " + goal() + ": " + result.written.size() + " class file(s) written, "
                + result.read + " read, in " + classes);
    }

    private TransformResult fork(Path classes) throws MojoExecutionException {
        Path request = null;
        Path resultFile = null;
        try {
            request = Files.createTempFile("spindle-transform", ".request");
            resultFile = Files.createTempFile("spindle-transform", ".result");
            List<String> lines = new ArrayList<>();
            lines.add(classes.toString());
            lines.addAll(classpathElements());
            Files.write(request, lines, StandardCharsets.UTF_8);
            List<String> command = List.of(java(), "-cp", runnerPath(), RUNNER,
                    request.toString(), resultFile.toString());
            getLog().debug("Spindle " + goal() + ": " + String.join(" ", command));
            Process process = new ProcessBuilder(command).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new MojoExecutionException("Spindle's transformer exited with " + exit + " (" + command.get(0)
                        + "): the JVM that runs it must be Java 21 or newer; set a JDK toolchain or the jvm parameter");
            }
            return TransformResult.parse(Files.readAllLines(resultFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot run Spindle's transformer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while Spindle's transformer ran", e);
        } finally {
            deleteQuietly(request);
            deleteQuietly(resultFile);
        }
    }

    private String java() {
        if (jvm != null) {
            return jvm.getPath();
        }
        Toolchain jdk = toolchainManager == null || session == null ? null
                : toolchainManager.getToolchainFromBuildContext("jdk", session);
        String tool = jdk == null ? null : jdk.findTool("java");
        if (tool != null) {
            return tool;
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String runnerPath() throws MojoExecutionException {
        Set<String> path = new LinkedHashSet<>();
        if (runnerClasspath != null) {
            runnerClasspath.forEach(f -> path.add(f.getAbsolutePath()));
        } else {
            try {
                path.add(Paths.get(TransformResult.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString());
            } catch (URISyntaxException | RuntimeException e) {
                throw new MojoExecutionException("cannot find the plugin's own jar", e);
            }
            for (Artifact a : pluginArtifacts) {
                if (a.getFile() != null) {
                    path.add(a.getFile().getAbsolutePath());
                }
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file: the system cleans up after us
            }
        }
    }
}
