package dev.spindle.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.spindle.test.scan.ScanFixture;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Package and class-path-root discovery, the selectors a build tool or an IDE's "run all" uses. */
class SpindleDiscoveryTest {

    @Test
    void aPackageSelectorFindsConcreteStaticClassesWithSpindleTests() {
        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectPackage("dev.spindle.test.scan"))
                .discover().getEngineDescriptor();

        assertEquals(Set.of(
                        "dev.spindle.test.scan.ConcreteScanFixture#inherited",
                        "dev.spindle.test.scan.ConcreteScanFixture#own",
                        "dev.spindle.test.scan.ScanFixture#first",
                        "dev.spindle.test.scan.ScanFixture#second",
                        "dev.spindle.test.scan.ScanFixture$Inner#nested"),
                testsOf(engine));
    }

    @Test
    void aPackageSelectorHonoursClassNameFilters() {
        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectPackage("dev.spindle.test.scan"))
                .filters((Filter<?>) ClassNameFilter.includeClassNamePatterns(".*\\.ScanFixture"))
                .discover().getEngineDescriptor();

        assertEquals(Set.of("dev.spindle.test.scan.ScanFixture#first", "dev.spindle.test.scan.ScanFixture#second"),
                testsOf(engine));
    }

    @Test
    void aClasspathRootSelectorFindsTheTestsOfTheRoot() throws URISyntaxException {
        Path testClasses = Path.of(ScanFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectClasspathRoots(Set.of(testClasses)).toArray(DiscoverySelector[]::new))
                .discover().getEngineDescriptor();

        Set<String> tests = testsOf(engine);
        assertTrue(tests.contains("dev.spindle.test.scan.ScanFixture#first"), tests::toString);
        assertTrue(tests.contains("dev.spindle.test.SpindleTestMethodsTest#futureValueIsAsserted"), tests::toString);
        assertTrue(tests.contains("dev.spindle.test.SpindleEngineTest$FailingFixtures#failsWithCheckedException"),
                tests::toString);
        assertTrue(tests.stream().noneMatch(t -> t.contains("NotStatic") || t.contains("JupiterOnly")
                || t.startsWith("dev.spindle.test.scan.AbstractScanFixture#")), tests::toString);
    }

    /** Every test under {@code engine} as {@code class#method}. */
    private static Set<String> testsOf(TestDescriptor engine) {
        Set<String> tests = new TreeSet<>();
        for (TestDescriptor d : engine.getDescendants()) {
            if (d.isTest()) {
                MethodSource source = (MethodSource) d.getSource().orElseThrow();
                tests.add(source.getClassName() + "#" + source.getMethodName());
            }
        }
        return tests;
    }
}
