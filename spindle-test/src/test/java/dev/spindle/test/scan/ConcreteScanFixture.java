package dev.spindle.test.scan;

import dev.spindle.test.SpindleTest;

/** Discovered with its own test and the one it inherits. */
public class ConcreteScanFixture extends AbstractScanFixture {
    @SpindleTest
    void own() {
    }
}
