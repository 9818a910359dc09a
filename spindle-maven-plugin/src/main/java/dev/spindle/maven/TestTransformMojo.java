package dev.spindle.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Goal {@code transform-test}: rewrites the {@code @Async} methods of the test classes
 * ({@code target/test-classes}) into state machines, in phase {@code process-test-classes}, and
 * fails the build on misuse of {@code await()}. {@code -Dmaven.test.skip} skips it too.
 */
@Mojo(name = "transform-test", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class TestTransformMojo extends AbstractTransformMojo {
    /** The directory of the compiled test classes, transformed in place. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    File testClassesDirectory;

    /** The test class path (the main classes included): where super types are resolved. */
    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    List<String> testClasspathElements;

    /** Set by {@code -Dmaven.test.skip}: no test classes were compiled, so there is nothing to do. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean skipTestCompilation;

    /** The source directories, where an error's file is looked up to print its path. */
    @Parameter(defaultValue = "${project.testCompileSourceRoots}", readonly = true, required = true)
    List<String> testCompileSourceRoots;

    /** Creates the goal; Maven sets its parameters. */
    public TestTransformMojo() {
    }

    @Override
    protected File classesDirectory() {
        return skipTestCompilation ? null : testClassesDirectory;
    }

    @Override
    protected List<String> classpathElements() {
        return testClasspathElements;
    }

    @Override
    protected List<String> sourceRoots() {
        return testCompileSourceRoots == null ? List.of() : testCompileSourceRoots;
    }

    @Override
    protected String goal() {
        return "transform-test";
    }
}
