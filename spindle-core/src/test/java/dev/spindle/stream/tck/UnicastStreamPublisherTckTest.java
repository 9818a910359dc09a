package dev.spindle.stream.tck;

import java.util.concurrent.Flow;
import org.testng.SkipException;
import org.testng.annotations.Test;

/**
 * The TCK's publisher rules for {@code stream.toPublisher(runtime)}: a unicast publisher (a
 * stream can be consumed once). The optional multi-subscriber rules (1.11) are skipped: a second
 * subscriber gets {@code onError(IllegalStateException)} by design; the cold publisher
 * ({@link ColdStreamPublisherTckTest}) passes them.
 */
@Test
public class UnicastStreamPublisherTckTest extends AbstractStreamPublisherTck {
    private static final String UNICAST = "toPublisher() is unicast by design: a stream is consumed once, "
            + "so a second subscriber gets onError(IllegalStateException); AsyncStream.publisher(supplier, rt) "
            + "serves many and passes rule 1.11 in ColdStreamPublisherTckTest";

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return longs(elements).toPublisher(rt);
    }

    @Override
    @Test
    public void optional_spec111_maySupportMultiSubscribe() {
        throw new SkipException(UNICAST);
    }

    @Override
    @Test
    public void optional_spec111_registeredSubscribersMustReceiveOnNextOrOnCompleteSignals() {
        throw new SkipException(UNICAST);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        throw new SkipException(UNICAST);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        throw new SkipException(UNICAST);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        throw new SkipException(UNICAST);
    }
}
