package dev.spindle.test.internal;

import dev.spindle.test.SpindleTest;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;

/**
 * The JUnit Platform test engine that runs {@link SpindleTest @SpindleTest} methods (engine id
 * {@value #ENGINE_ID}).
 *
 * <p>A Jupiter extension cannot do this job: Jupiter discovers only {@code @Test} methods that
 * return {@code void}, and {@code @SpindleTest} methods return futures. So the platform gets a
 * second engine next to Jupiter, registered through
 * {@code META-INF/services/org.junit.platform.engine.TestEngine} (and {@code provides} in
 * {@code module-info}); every launcher that finds Jupiter on the test class path finds this one
 * too.
 *
 * <p>The tree is engine → test class → test method. Discovery ({@link SpindleSelectorResolver})
 * accepts class, method, package, class-path-root, module and unique-id selectors. Execution is
 * the platform's {@link HierarchicalTestEngine} run on the calling thread, one method at a time;
 * each method runs in its own runtime ({@link TestMethodRunner}).
 */
public final class SpindleTestEngine extends HierarchicalTestEngine<SpindleExecutionContext> {
    /** The engine's id, the first segment of every unique id it makes. */
    public static final String ENGINE_ID = "spindle";

    /** Creates the engine; the platform instantiates it through {@link java.util.ServiceLoader}. */
    public SpindleTestEngine() {
    }

    @Override
    public String getId() {
        return ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.spindle");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("spindle-test");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "Spindle");
        EngineDiscoveryRequestResolver.<EngineDescriptor>builder()
                .addClassContainerSelectorResolver(SpindleSelectorResolver::isTestClass)
                .addSelectorResolver(ctx -> new SpindleSelectorResolver(ctx.getClassNameFilter()))
                .build()
                .resolve(request, engine);
        return engine;
    }

    @Override
    protected SpindleExecutionContext createExecutionContext(ExecutionRequest request) {
        return new SpindleExecutionContext();
    }
}
