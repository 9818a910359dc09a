/**
 * Spindle's benchmarks: the side-by-side harness of {@code ../shared/bench/WORKLOADS.md} and the
 * JMH benchmarks of the scheduler's hot paths. The runnable jar is a shaded class-path jar;
 * this descriptor states what the code depends on and keeps the packages closed to others.
 */
module dev.spindle.bench {
    requires dev.spindle;
    requires java.management;
    requires jmh.core;
    requires reactor.core;
    requires org.reactivestreams;
    // The tcp_echo peer "netty".
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;

    // JMH instantiates the benchmark states and generated runners reflectively.
    opens dev.spindle.bench.jmh to jmh.core;
    opens dev.spindle.bench.jmh.jmh_generated to jmh.core;
}
