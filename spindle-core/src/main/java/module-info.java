/**
 * Spindle's core: poll-based futures, the work-stealing runtime with its integrated timer and
 * I/O driver, and time. Depends on the JDK alone.
 */
module dev.spindle {
    // sun.misc.Signal for dev.spindle.fs.Signals.ctrlC(); a module of every JDK, not a dependency.
    requires jdk.unsupported;

    exports dev.spindle;
    exports dev.spindle.async;
    exports dev.spindle.runtime;
    exports dev.spindle.time;
    exports dev.spindle.sync;
    exports dev.spindle.channel;
    exports dev.spindle.stream;
    exports dev.spindle.io;
    exports dev.spindle.net;
    exports dev.spindle.fs;

    exports dev.spindle.internal to dev.spindle.test;
    exports dev.spindle.runtime.internal to dev.spindle.test;
    exports dev.spindle.time.internal to dev.spindle.test;
}
