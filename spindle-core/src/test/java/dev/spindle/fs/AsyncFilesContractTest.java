package dev.spindle.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.stream.AsyncStream;
import dev.spindle.support.RuntimePerTest;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AsyncFiles} on a temporary directory, against both runtimes. */
abstract class AsyncFilesContractTest extends RuntimePerTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeAppendReadCopyRenameRemove() {
        Path a = dir.resolve("a.txt");
        rt.blockOn(AsyncFiles.write(a, utf8("hello")));
        rt.blockOn(AsyncFiles.append(a, utf8(", world")));
        assertEquals("hello, world", rt.blockOn(AsyncFiles.readString(a)));
        Path b = rt.blockOn(AsyncFiles.copy(a, dir.resolve("b.txt")));
        assertArrayEquals(utf8("hello, world"), rt.blockOn(AsyncFiles.read(b)));
        Path c = rt.blockOn(AsyncFiles.rename(b, dir.resolve("c.txt")));
        assertFalse(Files.exists(b));
        assertTrue(Files.exists(c));
        rt.blockOn(AsyncFiles.remove(c));
        assertFalse(Files.exists(c));
    }

    @Test
    void metadataTellsSizeAndKind() {
        Path f = dir.resolve("f.bin");
        rt.blockOn(AsyncFiles.write(f, new byte[1234]));
        BasicFileAttributes m = rt.blockOn(AsyncFiles.metadata(f));
        assertEquals(1234, m.size());
        assertTrue(m.isRegularFile());
        assertTrue(rt.blockOn(AsyncFiles.metadata(dir)).isDirectory());
    }

    @Test
    void aMissingFileFailsWithTheFilesException() {
        Path missing = dir.resolve("missing");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> rt.blockOn(AsyncFiles.read(missing)));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertThrows(UncheckedIOException.class, () -> rt.blockOn(AsyncFiles.remove(missing)));
    }

    @Test
    void theOperationIsLazyUntilPolled() {
        Path f = dir.resolve("lazy");
        var write = AsyncFiles.write(f, utf8("x"));
        assertFalse(Files.exists(f), "nothing happens before the first poll");
        rt.blockOn(write);
        assertTrue(Files.exists(f));
    }

    @Test
    void directoryListingStreamsEveryEntryAcrossBatches() {
        Path sub = rt.blockOn(AsyncFiles.createDirectories(dir.resolve("many")));
        int n = 150; // more than two batches
        for (int i = 0; i < n; i++) {
            rt.blockOn(AsyncFiles.write(sub.resolve("f" + i), new byte[0]));
        }
        List<Path> listed = rt.blockOn(AsyncFiles.list(sub).collect(Collectors.toList()));
        Set<String> names = listed.stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(IntStream.range(0, n).mapToObj(i -> "f" + i).collect(Collectors.toCollection(TreeSet::new)), names);
    }

    @Test
    void listingPartOfADirectoryAndCancellingClosesIt() {
        for (int i = 0; i < 100; i++) {
            rt.blockOn(AsyncFiles.write(dir.resolve("g" + i), new byte[0]));
        }
        AsyncStream<Path> listing = AsyncFiles.list(dir);
        List<Path> firstFive = rt.blockOn(listing.take(5).collect(Collectors.toList()));
        assertEquals(5, firstFive.size());
        // take(5) cancelled the listing; the directory can still be removed entry by entry.
        for (int i = 0; i < 100; i++) {
            rt.blockOn(AsyncFiles.remove(dir.resolve("g" + i)));
        }
        assertEquals(List.of(), rt.blockOn(AsyncFiles.list(dir).collect(Collectors.toList())));
    }

    @Test
    void listingAMissingDirectoryFails() {
        Throwable t = assertThrows(RuntimeException.class,
                () -> rt.blockOn(AsyncFiles.list(dir.resolve("nope")).collect(Collectors.toList())));
        t = rootOf(t);
        assertInstanceOf(UncheckedIOException.class, t);
        assertInstanceOf(NoSuchFileException.class, t.getCause());
    }
}
