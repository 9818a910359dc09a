/**
 * Test support for Spindle: {@link dev.spindle.test.SpindleTest @SpindleTest}, run by Spindle's
 * JUnit Platform test engine (id {@code spindle}), and {@link dev.spindle.test.TestTask}, a
 * manually polled task. The engine is provided as a service, so launchers find it on the module
 * path as they do on the class path.
 */
module dev.spindle.test {
    requires transitive dev.spindle;
    requires transitive org.junit.platform.commons;
    requires org.junit.platform.engine;

    exports dev.spindle.test;

    provides org.junit.platform.engine.TestEngine with dev.spindle.test.internal.SpindleTestEngine;
}
