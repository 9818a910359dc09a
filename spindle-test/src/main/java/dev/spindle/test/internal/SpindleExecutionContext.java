package dev.spindle.test.internal;

import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * The execution context the engine hands down its tree. It carries nothing: every test method
 * builds its own runtime and test-class instance, so no state flows from a class to its methods.
 */
public final class SpindleExecutionContext implements EngineExecutionContext {
    SpindleExecutionContext() {
    }
}
