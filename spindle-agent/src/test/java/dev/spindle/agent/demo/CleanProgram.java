package dev.spindle.agent.demo;

import dev.spindle.Future;
import dev.spindle.Poll;

/** A program without await(): it runs under the agent as without it. */
public final class CleanProgram {
    private CleanProgram() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        Poll<Integer> p = Future.ready(41).poll(null);
        System.out.println("ok " + p);
    }
}
