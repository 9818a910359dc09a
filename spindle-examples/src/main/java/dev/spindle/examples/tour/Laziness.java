package dev.spindle.examples.tour;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;

/** Step 1: a future is a value describing work; the work happens when something polls it. */
final class Laziness implements Step {

    @Override
    public String title() {
        return "Futures are lazy: nothing runs until a future is polled";
    }

    @Override
    public void run(Narrator out) {
        // An @Async method will replace this chain: its body runs at the first poll, too.
        Future<String> greeting = Future.lazy(() -> {
            out.event("the future's body runs now");
            return Future.ready("hello");
        }).map(s -> s + ", world");
        out.say("built a future with Future.lazy(...).map(...): nothing has run yet");

        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            out.say("rt.blockOn(future) polls it to completion:");
            String value = rt.blockOn(greeting);
            out.say("value: \"" + value + "\"");

            out.say("a hand-written future that is ready at its third poll:");
            int polls = rt.blockOn(new Countdown(3, out));
            out.say("blockOn returned after " + polls + " polls");
        }

        Poll<Integer> p = Future.ready(20).map(x -> x + 22).poll(Context.of(Waker.noop()));
        out.say("no runtime needed to poll by hand: Future.ready(20).map(x -> x + 22).poll(cx) = " + p);
    }
}
