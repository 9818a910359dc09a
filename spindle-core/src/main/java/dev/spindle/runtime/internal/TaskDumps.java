package dev.spindle.runtime.internal;

import dev.spindle.Future;
import dev.spindle.async.AsyncBacktrace;
import dev.spindle.async.AsyncFrame;
import dev.spindle.runtime.TaskDump;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds {@link TaskDump}s. A future that can describe what it waits on implements
 * {@link Backtraced}, or {@link AsyncFrame} (the transformer's state machines do: their
 * {@link AsyncBacktrace}, then a last line {@code awaiting <what>} naming the future the
 * innermost await waits on, through {@code map}/{@code flatMap}/{@code then}/{@code lazy} and
 * timeouts, which pass the chain on); others show their {@code toString()}.
 */
public final class TaskDumps {
    private TaskDumps() {
    }

    /** Implemented by futures that can list their pending suspension points, outermost first. */
    public interface Backtraced {
        /**
         * Appends frames describing where this future waits.
         *
         * @param frames the list to append to
         */
        void backtrace(List<String> frames);
    }

    /**
     * Dumps every live task of {@code core}.
     *
     * @param core the runtime
     * @return the dumps, by id
     */
    public static List<TaskDump> dump(RuntimeCore core) {
        List<TaskDump> out = new ArrayList<>();
        for (RawTask<?> t : core.liveTasks()) {
            List<String> frames = new ArrayList<>();
            Future<?> f = t.future();
            List<StackTraceElement> pending = f instanceof AsyncFrame ? AsyncBacktrace.of(f) : List.of();
            if (f instanceof Backtraced b) {
                b.backtrace(frames);
            } else if (!pending.isEmpty()) {
                for (StackTraceElement e : pending) {
                    frames.add(e.toString());
                }
                Object leaf = AsyncBacktrace.innermostAwaited(f);
                if (leaf != null) {
                    frames.add("awaiting " + leaf);
                }
            } else if (f != null) {
                frames.add(String.valueOf(f));
            }
            out.add(new TaskDump(t.id(), t.name(), t.stateName(), t.polls(), List.copyOf(frames)));
        }
        out.sort(Comparator.comparingLong(TaskDump::id));
        return out;
    }
}
