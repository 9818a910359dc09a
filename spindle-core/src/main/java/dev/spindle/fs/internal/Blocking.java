package dev.spindle.fs.internal;

import dev.spindle.Future;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a blocking file operation on the runtime's blocking pool as a lazy future, failing with
 * the operation's own exception ({@link IOException} wrapped in {@link UncheckedIOException})
 * rather than the {@link JoinException} of the pool task.
 */
public final class Blocking {
    private Blocking() {
    }

    /**
     * @param work the blocking work, started at the future's first poll
     * @param <T> its value type
     * @return the future
     */
    public static <T> Future<T> run(Callable<T> work) {
        return Future.lazy(() -> Task.spawnBlocking(work)).then((v, t) -> {
            if (t == null) {
                return Future.ready(v);
            }
            return Future.failed(unwrap(t));
        });
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t instanceof JoinException && t.getCause() != null && !((JoinException) t).isCancelled()
                ? t.getCause() : t;
        return c instanceof IOException io ? new UncheckedIOException(io.getMessage(), io) : c;
    }
}
