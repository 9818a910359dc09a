package dev.spindle.stream.tck;

import dev.spindle.stream.AsyncStream;
import java.util.concurrent.Flow;
import org.testng.annotations.Test;

/** The TCK's publisher rules for {@code AsyncStream.publisher(supplier, runtime)}: a fresh stream per subscriber. */
@Test
public class ColdStreamPublisherTckTest extends AbstractStreamPublisherTck {
    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return AsyncStream.publisher(() -> longs(elements), rt);
    }
}
