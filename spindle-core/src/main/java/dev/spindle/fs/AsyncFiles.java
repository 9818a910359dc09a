package dev.spindle.fs;

import dev.spindle.Future;
import dev.spindle.fs.internal.Blocking;
import dev.spindle.fs.internal.DirectoryListing;
import dev.spindle.stream.AsyncStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * File-system operations as futures (Tokio's {@code tokio::fs}), each run on the runtime's
 * blocking pool ({@code Task.spawnBlocking}) because operating systems offer no readiness-based
 * file I/O: a worker thread never waits for a disk.
 *
 * <p>Every future is lazy: the operation starts at its first poll, on the runtime polling it (a
 * task or {@code blockOn}; outside a runtime the poll throws {@link IllegalStateException}).
 * Failures are the {@link java.nio.file.Files} exceptions, wrapped in
 * {@link java.io.UncheckedIOException} (e.g. a cause of {@link java.nio.file.NoSuchFileException}).
 *
 * <p><b>Cancel safety</b> (the same for every method): cancelling the future does not stop an
 * operation already running on the blocking pool (a thread cannot be stopped mid-system call);
 * it runs to its end and its result is dropped. Cancelling before the first poll does nothing.
 */
public final class AsyncFiles {
    private AsyncFiles() {
    }

    /**
     * Reads a whole file.
     *
     * @param path the file
     * @return a future of its bytes
     * @implNote Cancel safety: see the class comment; the read may finish in the background.
     */
    public static Future<byte[]> read(Path path) {
        Objects.requireNonNull(path, "path");
        return Blocking.run(() -> Files.readAllBytes(path));
    }

    /**
     * Reads a whole file as UTF-8 text.
     *
     * @param path the file
     * @return a future of its text
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<String> readString(Path path) {
        Objects.requireNonNull(path, "path");
        return Blocking.run(() -> Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Writes a file, creating it or replacing its content.
     *
     * @param path the file
     * @param bytes the content (not copied: do not change it until the future completes)
     * @return a future completing once written
     * @implNote Cancel safety: see the class comment; a cancelled write may still complete.
     */
    public static Future<Void> write(Path path, byte[] bytes) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        return Blocking.run(() -> {
            Files.write(path, bytes);
            return null;
        });
    }

    /**
     * Appends to a file, creating it if needed.
     *
     * @param path the file
     * @param bytes what to append (not copied)
     * @return a future completing once appended
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<Void> append(Path path, byte[] bytes) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        return Blocking.run(() -> {
            Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return null;
        });
    }

    /**
     * Copies a file.
     *
     * @param source the file to copy
     * @param target where to
     * @param options as {@link Files#copy(Path, Path, CopyOption...)}
     * @return a future of the target
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<Path> copy(Path source, Path target, CopyOption... options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        CopyOption[] opts = options.clone();
        return Blocking.run(() -> Files.copy(source, target, opts));
    }

    /**
     * Renames (moves) a file or directory.
     *
     * @param source what to move
     * @param target its new path
     * @param options as {@link Files#move(Path, Path, CopyOption...)}
     * @return a future of the target
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<Path> rename(Path source, Path target, CopyOption... options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        CopyOption[] opts = options.clone();
        return Blocking.run(() -> Files.move(source, target, opts));
    }

    /**
     * Removes a file or an empty directory.
     *
     * @param path what to remove
     * @return a future completing once removed (failing with a
     *     {@link java.nio.file.NoSuchFileException} cause if it did not exist)
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<Void> remove(Path path) {
        Objects.requireNonNull(path, "path");
        return Blocking.run(() -> {
            Files.delete(path);
            return null;
        });
    }

    /**
     * Creates a directory and any missing parents.
     *
     * @param path the directory
     * @return a future of the directory
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<Path> createDirectories(Path path) {
        Objects.requireNonNull(path, "path");
        return Blocking.run(() -> Files.createDirectories(path));
    }

    /**
     * Reads a file's basic attributes (size, times, kind), following symbolic links.
     *
     * @param path the file
     * @return a future of its attributes
     * @implNote Cancel safety: see the class comment.
     */
    public static Future<BasicFileAttributes> metadata(Path path) {
        Objects.requireNonNull(path, "path");
        return Blocking.run(() -> Files.readAttributes(path, BasicFileAttributes.class));
    }

    /**
     * Lists a directory's entries (not recursively, in no particular order) as a stream, read
     * in batches on the blocking pool.
     *
     * @param dir the directory
     * @return the entries; the stream fails with an {@link java.io.UncheckedIOException} if the
     *     directory cannot be read
     * @implNote Cancel safety: cancelling the stream (or a terminal future over it) closes the
     *     directory; {@code next()} on it is cancel-safe (an entry is taken only when returned).
     */
    public static AsyncStream<Path> list(Path dir) {
        return new DirectoryListing(Objects.requireNonNull(dir, "dir"));
    }
}
