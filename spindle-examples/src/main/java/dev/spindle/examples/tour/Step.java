package dev.spindle.examples.tour;

/** One step of the tour: a title and a small program that narrates what it does. */
interface Step {

    /** @return the heading of the step */
    String title();

    /**
     * Runs the step. Each step builds and closes its own runtime, so that the steps do not
     * depend on one another.
     *
     * @param out where the step prints
     * @throws Exception if the step goes wrong (the tour then fails with exit status 1)
     */
    void run(Narrator out) throws Exception;
}
