package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "A taste" example, as it is printed there, so that it keeps compiling and working. */
class ReadmeTasteTest {

    @Async
    static Future<String> greet(MpscReceiver<String> names) {
        String name = names.recv().await();          // suspends the task, never blocks a thread
        Time.sleep(Duration.ofMillis(100)).await();  // on the runtime's timer wheel
        return Future.ready("hello, " + name);
    }

    @Test
    void theTasteRunsAsTheReadmeSays() {
        String result;
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().startPaused(true).build()) {
            var channel = Mpsc.<String>bounded(16);
            JoinHandle<String> task = rt.spawn(greet(channel.receiver())); // lazy until the task polls it
            rt.blockOn(channel.sender().send("Ada"));
            result = rt.blockOn(task);            // "hello, Ada": a JoinHandle is itself a Future
        }
        assertEquals("hello, Ada", result);
    }
}
