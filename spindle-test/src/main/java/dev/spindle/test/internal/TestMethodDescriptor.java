package dev.spindle.test.internal;

import dev.spindle.test.SpindleTest;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * One {@link SpindleTest @SpindleTest} method: a test in the engine's tree. Executing it hands
 * the method to {@link TestMethodRunner}, which reports the outcome by returning or throwing; the
 * platform's executor turns that into success, failure, or — for an opentest4j
 * {@code TestAbortedException}, such as a failed Jupiter assumption — aborted.
 */
final class TestMethodDescriptor extends AbstractTestDescriptor implements Node<SpindleExecutionContext> {
    private final Class<?> testClass;
    private final Method method;

    TestMethodDescriptor(UniqueId uniqueId, Class<?> testClass, Method method) {
        super(uniqueId, displayName(method), MethodSource.from(testClass, method));
        this.testClass = testClass;
        this.method = method;
    }

    /** The method's unique-id segment value: {@code name(fully.qualified.Type,...)}. */
    static String methodId(Method m) {
        return m.getName() + "(" + parameterTypeNames(m) + ")";
    }

    static String parameterTypeNames(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
    }

    private static String displayName(Method m) {
        String custom = AnnotationSupport.findAnnotation(m, SpindleTest.class).map(SpindleTest::displayName).orElse("");
        if (!custom.isBlank()) {
            return custom;
        }
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public SpindleExecutionContext execute(SpindleExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        new TestMethodRunner(testClass, method, getDisplayName()).run();
        return context;
    }
}
