package dev.spindle.test.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import dev.spindle.test.SpindleTest;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Turns discovery selectors into the engine's tree. Package, class-path-root and module
 * selectors are expanded into class selectors by the platform's class-container resolver, which
 * uses {@link #isTestClass}; this resolver handles what remains:
 * <ul>
 *   <li>a class selector: a {@link TestClassDescriptor} with one {@link TestMethodDescriptor} per
 *       {@code @SpindleTest} method, inherited ones included, ordered by name;
 *   <li>a method selector: that method alone, under its class;
 *   <li>a unique-id selector of this engine: the class or method it names (an IDE's "run again").
 * </ul>
 * The request's class-name filters apply to explicitly selected classes too, as in Jupiter.
 * Methods annotated {@code @SpindleTest} with an unusable signature are kept: they fail at
 * execution with a message saying why, so they cannot go silently unrun.
 */
final class SpindleSelectorResolver implements SelectorResolver {
    static final String CLASS_SEGMENT = "class";
    static final String METHOD_SEGMENT = "method";

    private final Predicate<String> classNameFilter;

    SpindleSelectorResolver(Predicate<String> classNameFilter) {
        this.classNameFilter = classNameFilter;
    }

    /**
     * Whether {@code c} is a class this engine runs: concrete, instantiable without an enclosing
     * instance, not private, with at least one {@code @SpindleTest} method.
     *
     * @param c a candidate class
     * @return whether it holds Spindle tests
     */
    static boolean isTestClass(Class<?> c) {
        try {
            return isRunnableClass(c) && !testMethods(c).isEmpty();
        } catch (LinkageError e) {
            return false; // a class whose dependencies are missing cannot be a test we can run
        }
    }

    /** Whether the engine could make instances of {@code c} and run methods of it. */
    private static boolean isRunnableClass(Class<?> c) {
        return !(c.isInterface() || c.isAnnotation() || c.isEnum() || c.isRecord() || c.isAnonymousClass()
                || c.isLocalClass() || c.isSynthetic() || ModifierSupport.isAbstract(c) || ModifierSupport.isPrivate(c)
                || (c.getEnclosingClass() != null && !ModifierSupport.isStatic(c)));
    }

    static List<Method> testMethods(Class<?> c) {
        List<Method> methods = ReflectionSupport.findMethods(c, SpindleSelectorResolver::isAnnotatedTest,
                HierarchyTraversalMode.TOP_DOWN);
        return methods.stream()
                .sorted(Comparator.comparing(Method::getName).thenComparing(TestMethodDescriptor::parameterTypeNames))
                .toList();
    }

    private static boolean isAnnotatedTest(Method m) {
        return AnnotationSupport.isAnnotated(m, SpindleTest.class);
    }

    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        Class<?> testClass = selector.getJavaClass();
        if (!classNameFilter.test(testClass.getName()) || !isTestClass(testClass)) {
            return unresolved();
        }
        return context.addToParent(parent -> Optional.of(classDescriptor(parent, testClass)))
                .map(classDescriptor -> Resolution.match(Match.exact(classDescriptor, () -> methodSelectors(testClass))))
                .orElse(unresolved());
    }

    @Override
    public Resolution resolve(MethodSelector selector, Context context) {
        Class<?> testClass = selector.getJavaClass();
        Method method = selector.getJavaMethod();
        if (!isAnnotatedTest(method) || !isRunnableClass(testClass)) {
            return unresolved();
        }
        return context
                .addToParent(() -> selectClass(testClass),
                        parent -> Optional.of(new TestMethodDescriptor(
                                parent.getUniqueId().append(METHOD_SEGMENT, TestMethodDescriptor.methodId(method)),
                                testClass, method)))
                .map(methodDescriptor -> Resolution.match(Match.exact(methodDescriptor)))
                .orElse(unresolved());
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        List<UniqueId.Segment> segments = selector.getUniqueId().getSegments();
        if (segments.size() < 2 || !SpindleTestEngine.ENGINE_ID.equals(segments.get(0).getValue())) {
            return unresolved();
        }
        UniqueId.Segment classSegment = segments.get(1);
        if (!CLASS_SEGMENT.equals(classSegment.getType())) {
            return unresolved();
        }
        String className = classSegment.getValue();
        if (segments.size() == 2) {
            return Resolution.selectors(Set.of(selectClass(className)));
        }
        UniqueId.Segment methodSegment = segments.get(2);
        if (segments.size() != 3 || !METHOD_SEGMENT.equals(methodSegment.getType())) {
            return unresolved();
        }
        String id = methodSegment.getValue();
        int paren = id.indexOf('(');
        if (paren < 0 || !id.endsWith(")")) {
            return unresolved();
        }
        String methodName = id.substring(0, paren);
        String parameterTypes = id.substring(paren + 1, id.length() - 1);
        return Resolution.selectors(Set.of(selectMethod(className, methodName, parameterTypes)));
    }

    private static TestDescriptor classDescriptor(TestDescriptor parent, Class<?> testClass) {
        return new TestClassDescriptor(parent.getUniqueId().append(CLASS_SEGMENT, testClass.getName()), testClass);
    }

    private static Set<? extends DiscoverySelector> methodSelectors(Class<?> testClass) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        for (Method m : testMethods(testClass)) {
            selectors.add(selectMethod(testClass, m));
        }
        return selectors;
    }
}
