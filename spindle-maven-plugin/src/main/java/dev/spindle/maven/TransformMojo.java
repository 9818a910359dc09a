package dev.spindle.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Goal {@code transform}: rewrites the {@code @Async} methods of the main classes
 * ({@code target/classes}) into state machines, in phase {@code process-classes}, and fails the
 * build on misuse of {@code await()}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.spindle</groupId>
 *   <artifactId>spindle-maven-plugin</artifactId>
 *   <executions>
 *     <execution>
 *       <goals><goal>transform</goal><goal>transform-test</goal></goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "transform", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class TransformMojo extends AbstractTransformMojo {
    /** The directory of the compiled main classes, transformed in place. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    File classesDirectory;

    /** The compile class path: the transformer resolves the classes' super types on it. */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    List<String> classpathElements;

    /** The source directories, where an error's file is looked up to print its path. */
    @Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
    List<String> compileSourceRoots;

    /** Creates the goal; Maven sets its parameters. */
    public TransformMojo() {
    }

    @Override
    protected File classesDirectory() {
        return classesDirectory;
    }

    @Override
    protected List<String> classpathElements() {
        return classpathElements;
    }

    @Override
    protected List<String> sourceRoots() {
        return compileSourceRoots == null ? List.of() : compileSourceRoots;
    }

    @Override
    protected String goal() {
        return "transform";
    }
}
