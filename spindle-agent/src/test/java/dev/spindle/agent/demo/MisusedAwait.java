package dev.spindle.agent.demo;

import dev.spindle.Future;

/** A program whose await() is outside an @Async method: the agent reports it and leaves it alone. */
public final class MisusedAwait {
    private MisusedAwait() {
    }

    static int get(Future<Integer> f) {
        return f.await();
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        try {
            System.out.println("value " + get(Future.ready(1)));
        } catch (IllegalStateException e) {
            System.out.println("ISE: " + e.getMessage());
        }
    }
}
