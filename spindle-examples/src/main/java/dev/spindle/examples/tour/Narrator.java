package dev.spindle.examples.tour;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Prints the tour: a heading per step, the step's own commentary, and indented events for what
 * futures and tasks do while they run. Plain ASCII, so that any terminal shows it as written.
 */
public final class Narrator {
    private final PrintStream out;

    /**
     * Creates a narrator.
     *
     * @param out where the tour is printed
     */
    public Narrator(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Prints the banner of step {@code number}. */
    void heading(int number, String title) {
        String line = number + ". " + title;
        out.println();
        out.println(line);
        out.println("-".repeat(line.length()));
    }

    /** Prints a line of the step's commentary. */
    void say(String line) {
        out.println("  " + line);
    }

    /** Prints something a future or task did, as it happens. */
    void event(String line) {
        out.println("    > " + line);
    }

    /** Prints a line without indentation. */
    void plain(String line) {
        out.println(line);
    }
}
