package dev.spindle.runtime.internal;

import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link InjectQueue}, every operation from every thread, including the
 * lock-free {@code len} and {@code isEmpty} and the fast empty path of {@code pop}.
 */
@Param(name = "task", gen = IntGen.class, conf = "1:9")
public class InjectQueueLincheckTest extends AbstractLincheckTest {

    private final InjectQueue<TestTask> queue = new InjectQueue<>();

    /** Pushes one task. */
    @Operation
    public boolean push(@Param(name = "task") int id) {
        return queue.push(new TestTask(id));
    }

    /** Pushes {@code id} and {@code id + 10} as one chain. */
    @Operation
    public boolean pushBatch(@Param(name = "task") int id) {
        TestTask first = new TestTask(id);
        TestTask last = new TestTask(id + 10);
        first.setQueueNext(last);
        return queue.pushBatch(first, last, 2);
    }

    /** Pops one task and reports its id. */
    @Operation
    public Integer pop() {
        TestTask t = queue.pop();
        return t == null ? null : t.id;
    }

    /** Moves up to {@code max} tasks into a fresh local queue and reports them in order. */
    @Operation
    public List<Integer> popInto(@Param(gen = IntGen.class, conf = "1:3") int max) {
        LocalQueue<TestTask> dst = new LocalQueue<>();
        int n = queue.popInto(dst, max);
        List<Integer> ids = TestTask.drain(dst);
        if (ids.size() != n) {
            throw new AssertionError("popInto reported " + n + " but moved " + ids);
        }
        return ids;
    }

    /** The lock-free length. */
    @Operation
    public int len() {
        return queue.len();
    }

    /** The lock-free emptiness check. */
    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Closes the queue. */
    @Operation
    public boolean close() {
        return queue.close();
    }

    /** The lock-free closed check. */
    @Operation
    public boolean isClosed() {
        return queue.isClosed();
    }

    /** Empties the queue and reports the chain it returned. */
    @Operation
    public List<Integer> drainAll() {
        return TestTask.chainIds(queue.drainAll());
    }
}
