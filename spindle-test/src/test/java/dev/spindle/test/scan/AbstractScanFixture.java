package dev.spindle.test.scan;

import dev.spindle.test.SpindleTest;

/** Abstract: not discovered itself; its test is inherited by {@link ConcreteScanFixture}. */
public abstract class AbstractScanFixture {
    @SpindleTest
    void inherited() {
    }
}
