package dev.spindle.test.internal;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * A test class in the engine's tree: a container of {@link TestMethodDescriptor}s, shown with
 * the class's simple name. It has no lifecycle of its own: there is no per-class instance and no
 * per-class hook, so executing it does nothing but run its children.
 */
final class TestClassDescriptor extends AbstractTestDescriptor implements Node<SpindleExecutionContext> {
    TestClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, displayName(testClass), ClassSource.from(testClass));
    }

    private static String displayName(Class<?> c) {
        String simple = c.getSimpleName();
        return simple.isEmpty() ? c.getName() : simple;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
