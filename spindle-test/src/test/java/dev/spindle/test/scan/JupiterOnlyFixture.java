package dev.spindle.test.scan;

import org.junit.jupiter.api.Test;

/** Jupiter's alone: the spindle engine must leave it out. */
public class JupiterOnlyFixture {
    @Test
    void jupiterTest() {
    }
}
