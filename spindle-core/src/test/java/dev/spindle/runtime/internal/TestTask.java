package dev.spindle.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/** A minimal task for the queue tests: an id and the intrusive link. */
final class TestTask implements Linkable<TestTask> {

    final int id;
    private TestTask next;

    TestTask(int id) {
        this.id = id;
    }

    @Override
    public TestTask queueNext() {
        return next;
    }

    @Override
    public void setQueueNext(TestTask next) {
        this.next = next;
    }

    @Override
    public String toString() {
        return "task-" + id;
    }

    /** Tasks with ids {@code from, from + 1, ..., to - 1}. */
    static List<TestTask> range(int from, int to) {
        List<TestTask> tasks = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            tasks.add(new TestTask(i));
        }
        return tasks;
    }

    /** Links the tasks in list order and returns the first. */
    static TestTask chain(List<TestTask> tasks) {
        for (int i = 0; i + 1 < tasks.size(); i++) {
            tasks.get(i).setQueueNext(tasks.get(i + 1));
        }
        return tasks.get(0);
    }

    /** The ids along a chain, from {@code first} to its end. */
    static List<Integer> chainIds(TestTask first) {
        List<Integer> ids = new ArrayList<>();
        for (TestTask t = first; t != null; t = t.queueNext()) {
            ids.add(t.id);
        }
        return ids;
    }

    /** Pops everything from a local queue, owner side, and returns the ids in pop order. */
    static List<Integer> drain(LocalQueue<TestTask> queue) {
        List<Integer> ids = new ArrayList<>();
        for (TestTask t; (t = queue.pop()) != null; ) {
            ids.add(t.id);
        }
        return ids;
    }

    /** Pops everything from an injection queue and returns the ids in pop order. */
    static List<Integer> drain(InjectQueue<TestTask> queue) {
        List<Integer> ids = new ArrayList<>();
        for (TestTask t; (t = queue.pop()) != null; ) {
            ids.add(t.id);
        }
        return ids;
    }

    /** {@code from, from + 1, ..., to - 1}. */
    static List<Integer> ids(int from, int to) {
        List<Integer> ids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
