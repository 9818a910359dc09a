/**
 * Runnable examples of Spindle: the tour ({@code ./spindle tour}) and, as the guide grows, one
 * example per chapter. Depends on spindle-core alone.
 */
module dev.spindle.examples {
    requires dev.spindle;

    exports dev.spindle.examples;
}
