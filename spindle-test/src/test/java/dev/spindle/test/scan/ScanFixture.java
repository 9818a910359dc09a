package dev.spindle.test.scan;

import dev.spindle.Future;
import dev.spindle.test.SpindleTest;

/**
 * A package of classes for the discovery tests: which ones the spindle engine finds by package
 * and class-path-root selection. Its name matches no Surefire include pattern, so Surefire does
 * not run it on its own; every test here passes anyway.
 */
public class ScanFixture {
    @SpindleTest
    Future<Void> first() {
        return Future.ready(null);
    }

    @SpindleTest
    void second() {
    }

    /** A static nested class with tests: discovered. */
    public static class Inner {
        @SpindleTest
        void nested() {
        }
    }

    /** An inner (non-static) class: not instantiable alone, so not discovered. */
    public class NotStatic {
        @SpindleTest
        void ignored() {
        }
    }
}
