/**
 * Spindle's bytecode transformer: rewrites each {@code @dev.spindle.Async} method into a
 * poll-based state machine, and reports misuse of {@code await()} as build errors. Used by
 * {@code spindle-maven-plugin} and {@code spindle-agent}.
 */
module dev.spindle.transform {
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires org.objectweb.asm.util;
    requires org.objectweb.asm.commons;
    // Compile-time only, for the tests that run the machines; the transformer never loads it.
    requires static dev.spindle;

    exports dev.spindle.transform;
}
