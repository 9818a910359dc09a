/**
 * Spindle's core: poll-based futures, the work-stealing runtime with its integrated timer and
 * I/O driver, and time. Depends on the JDK alone.
 */
module dev.spindle {
    exports dev.spindle;
    exports dev.spindle.runtime;
    exports dev.spindle.time;
    exports dev.spindle.sync;
    exports dev.spindle.channel;

    exports dev.spindle.internal to dev.spindle.test;
    exports dev.spindle.runtime.internal to dev.spindle.test;
    exports dev.spindle.time.internal to dev.spindle.test;
}
