package dev.spindle.stream.internal;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * {@link StreamPublisherLincheckTest} with {@code cancel()} and {@code request(0)} racing the
 * requests and the serving task: the task ends exactly once, cancels the stream once, and
 * signals nothing after a cancel; a bad request is {@code onError} once.
 */
public class StreamPublisherCancelLincheckTest extends StreamPublisherLincheckTest {

    @Override
    @Operation
    public void requestZero() {
        super.requestZero();
    }

    @Override
    @Operation
    public void cancel() {
        super.cancel();
    }
}
