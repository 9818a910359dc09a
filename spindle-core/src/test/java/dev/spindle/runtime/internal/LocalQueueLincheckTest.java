package dev.spindle.runtime.internal;

import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link LocalQueue}: the owner's push, pop and len run on one thread
 * (they are single-producer operations), steals run on the others, against the queue run
 * sequentially as the specification.
 *
 * <p>A steal returns the ids it took, oldest first: the tasks it moved into a fresh
 * destination queue, drained, followed by the task it returned. A steal refused because
 * another steal holds the victim's claim has no sequential counterpart (sequentially no
 * steal is ever in progress), so the operation retries until the claim is released; this
 * checks that every successful steal takes the right half, and that the claim protocol
 * itself neither loses nor duplicates a task.
 *
 * <p>The queue starts three positions before {@link Integer#MAX_VALUE}, so most scenarios
 * cross the wrap of the position counters. Scenarios are too short to fill the ring;
 * overflow is covered by {@link LocalQueueTest} and {@link QueueStressTest}.
 */
@Param(name = "task", gen = IntGen.class, conf = "1:9")
public class LocalQueueLincheckTest extends AbstractLincheckTest {

    private static final TestTask CONTENDED = new TestTask(-1);

    private final LocalQueue<TestTask> queue = new LocalQueue<>(Integer.MAX_VALUE - 3);
    private final InjectQueue<TestTask> overflow = new InjectQueue<>();

    /**
     * Starts with three tasks queued, so that even short scenarios have enough tasks for a
     * steal and several owner pops to overlap (a steal of four tasks with two pops racing
     * its copy is where the claim protocol matters).
     */
    public LocalQueueLincheckTest() {
        for (int id = 100; id < 103; id++) {
            queue.pushBack(new TestTask(id), overflow);
        }
    }

    /** Pushes a task (owner). */
    @Operation(nonParallelGroup = "owner")
    public boolean push(@Param(name = "task") int id) {
        return queue.pushBack(new TestTask(id), overflow);
    }

    /** Pops a task (owner). */
    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        TestTask t = queue.pop();
        return t == null ? null : t.id;
    }

    /** The length as the owner sees it, which is exact. */
    @Operation(nonParallelGroup = "owner")
    public int len() {
        return queue.len();
    }

    /** Steals into a fresh destination and reports everything taken, oldest first. */
    @Operation
    public List<Integer> steal() {
        LocalQueue<TestTask> dst = new LocalQueue<>();
        for (;;) {
            TestTask t = queue.stealInto(dst, CONTENDED);
            if (t == CONTENDED) {
                Thread.onSpinWait();
                continue;
            }
            if (t == null) {
                return List.of();
            }
            List<Integer> ids = TestTask.drain(dst);
            ids.add(t.id);
            return ids;
        }
    }
}
