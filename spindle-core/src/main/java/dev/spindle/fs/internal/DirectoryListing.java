package dev.spindle.fs.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A directory's entries as an {@link AsyncStream}, read in batches on the blocking pool (Tokio's
 * {@code ReadDir}): the directory is opened by the first batch and closed when the listing ends,
 * fails, or is cancelled.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>{@link DirectoryStream} is not thread-safe, and the blocking thread may be reading a batch
 * when the consumer cancels; every access to {@link #dir} and {@link #it} is therefore made under
 * this object's monitor, on the blocking thread (a batch) or on a blocking thread of its own
 * (the close after a cancel), never on a worker.
 */
public final class DirectoryListing implements AsyncStream<Path> {
    private static final int BATCH = 64;

    private final Path path;
    private final ArrayDeque<Path> ready = new ArrayDeque<>();
    private Future<List<Path>> batch;
    private boolean exhausted;
    // Guarded by this; touched only on blocking threads.
    private DirectoryStream<Path> dir;
    private Iterator<Path> it;
    private boolean closed;

    public DirectoryListing(Path path) {
        this.path = path;
    }

    @Override
    public Poll<Path> pollNext(Context cx) {
        while (true) {
            Path p = ready.poll();
            if (p != null) {
                return Poll.ready(p);
            }
            if (exhausted) {
                return AsyncStream.end();
            }
            if (batch == null) {
                batch = Blocking.run(this::nextBatch);
            }
            Poll<List<Path>> b;
            try {
                b = batch.poll(cx);
            } catch (RuntimeException e) {
                batch = null;
                exhausted = true; // the failed batch closed the directory itself
                throw e;
            }
            if (!(b instanceof Poll.Ready<List<Path>> r)) {
                return Poll.pending();
            }
            batch = null;
            ready.addAll(r.value());
            if (r.value().size() < BATCH) {
                exhausted = true;
            }
        }
    }

    private synchronized List<Path> nextBatch() throws IOException {
        if (closed) {
            return List.of();
        }
        if (dir == null) {
            dir = Files.newDirectoryStream(path);
            it = dir.iterator();
        }
        List<Path> out = new ArrayList<>(BATCH);
        try {
            while (out.size() < BATCH && it.hasNext()) {
                out.add(it.next());
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            closeDir();
            throw e.getCause();
        }
        if (out.size() < BATCH) {
            closeDir();
        }
        return out;
    }

    private synchronized Void closeDir() throws IOException {
        closed = true;
        if (dir != null) {
            dir.close();
            dir = null;
            it = null;
        }
        return null;
    }

    /** Stops the listing; the directory is closed on the blocking pool. */
    @Override
    public void cancel() {
        if (batch != null) {
            batch.cancel();
        }
        exhausted = true;
        if (dev.spindle.runtime.internal.ThreadContext.currentRuntime() == null) {
            try {
                closeDir(); // not on a worker: waiting for an in-flight batch blocks no task
            } catch (IOException ignored) {
                // closing a directory stream fails only if it is already unusable
            }
            return;
        }
        // Polled once with a no-op waker, which spawns the close on the blocking pool; nobody awaits it.
        Blocking.run(this::closeDir).poll(Context.of(dev.spindle.Waker.noop()));
    }
}
