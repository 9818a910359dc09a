package dev.spindle.stream.tck;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.stream.AsyncStream;
import dev.spindle.stream.internal.FlowPublisherStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The TCK's subscriber rules (whitebox) for the {@code Flow.Subscriber} behind
 * {@code AsyncStream.fromPublisher}. The subscriber only requests when its stream is polled, so
 * the puppet's {@code triggerRequest(n)} is "the consumer wants n items": a {@link Consumer} polls
 * the stream on one thread (as a task would) until it has taken n, re-polling when woken.
 * {@code signalCancel()} cancels the stream, which cancels the subscription.
 */
@Test
public class StreamSubscriberWhiteboxTckTest extends FlowSubscriberWhiteboxVerification<Integer> {
    private ExecutorService consumerThread;

    public StreamSubscriberWhiteboxTckTest() {
        super(new TestEnvironment(AbstractStreamPublisherTck.TIMEOUT_MS, AbstractStreamPublisherTck.NO_SIGNAL_MS));
    }

    @BeforeClass
    void startConsumer() {
        consumerThread = Executors.newSingleThreadExecutor();
    }

    @AfterClass
    void stopConsumer() {
        consumerThread.shutdownNow();
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    @Override
    protected Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        FlowPublisherStream<Integer> stream = new FlowPublisherStream<>(4);
        Consumer consumer = new Consumer(stream, consumerThread);
        AtomicBoolean subscribed = new AtomicBoolean();
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                stream.onSubscribe(s);
                if (subscribed.compareAndSet(false, true)) {
                    probe.registerOnSubscribe(new SubscriberPuppet() {
                        @Override
                        public void triggerRequest(long elements) {
                            consumer.want(elements);
                        }

                        @Override
                        public void signalCancel() {
                            consumer.cancel();
                        }
                    });
                }
            }

            @Override
            public void onNext(Integer item) {
                stream.onNext(item);
                probe.registerOnNext(item);
            }

            @Override
            public void onError(Throwable failure) {
                stream.onError(failure);
                probe.registerOnError(failure);
            }

            @Override
            public void onComplete() {
                stream.onComplete();
                probe.registerOnComplete();
            }
        };
    }

    /** Polls the stream on one thread, as a task would, while it wants items. */
    private static final class Consumer implements Waker {
        private final AsyncStream<Integer> stream;
        private final ExecutorService thread;
        private final Context cx = Context.of(this);
        private long wanted;
        private boolean done;

        Consumer(AsyncStream<Integer> stream, ExecutorService thread) {
            this.stream = stream;
            this.thread = thread;
        }

        void want(long n) {
            run(() -> {
                wanted += n;
                pump();
            });
        }

        void cancel() {
            run(() -> {
                if (!done) {
                    done = true;
                    stream.cancel();
                }
            });
        }

        @Override
        public void wake() {
            run(this::pump);
        }

        private void run(Runnable r) {
            try {
                thread.execute(r);
            } catch (RejectedExecutionException ignored) {
                // the test class is over
            }
        }

        private void pump() {
            while (!done && wanted > 0) {
                Poll<Integer> p;
                try {
                    p = stream.pollNext(cx);
                } catch (Throwable t) {
                    done = true; // onError ended the stream
                    return;
                }
                if (AsyncStream.isEnd(p)) {
                    done = true;
                    return;
                }
                if (!p.isReady()) {
                    return;
                }
                wanted--;
            }
        }
    }
}
