package dev.spindle.runtime.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * Helpers for the runtime's Lincheck tests beyond what {@link AbstractLincheckTest} sets up:
 * hand-written scenarios, so that the races a test is about are examined on every run whatever
 * the random generator comes up with, and guarantees that keep the model checker's thread
 * switches on the code under test.
 */
final class LincheckSupport {
    private LincheckSupport() {
    }

    /**
     * Tells the model checker to run every method of {@code classes} as one atomic step: no
     * thread switch inside them. For test fixtures and runtime plumbing whose interleavings are
     * not what a test is about; every switch point they would add dilutes the search.
     *
     * @param o the options to add the guarantee to
     * @param classes the classes
     * @return {@code o}
     */
    static ModelCheckingOptions atomic(ModelCheckingOptions o, Class<?>... classes) {
        String[] names = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            names[i] = classes[i].getName();
        }
        return o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(names).allMethods().treatAsAtomic());
    }

    /**
     * Starts a hand-written scenario for {@code test}: the races a test must always examine,
     * whatever the random generator comes up with. Operations are written as calls with
     * {@code int} arguments, e.g. {@code "work(0)"} or {@code "wake()"}.
     *
     * @param test the class with the operations
     * @return a builder; pass {@link ScenarioBuilder#build()} to {@code addCustomScenario}
     */
    static ScenarioBuilder scenario(Class<?> test) {
        return new ScenarioBuilder(test);
    }

    /** Builds an {@link ExecutionScenario} from operations written as calls. */
    static final class ScenarioBuilder {
        private final Class<?> test;
        private final List<Actor> init = new ArrayList<>();
        private final List<List<Actor>> parallel = new ArrayList<>();
        private final List<Actor> post = new ArrayList<>();

        private ScenarioBuilder(Class<?> test) {
            this.test = test;
        }

        /** Adds operations run one by one before the parallel part. */
        ScenarioBuilder init(String... ops) {
            for (String op : ops) {
                init.add(actor(op));
            }
            return this;
        }

        /** Adds one thread of the parallel part. */
        ScenarioBuilder thread(String... ops) {
            List<Actor> t = new ArrayList<>();
            for (String op : ops) {
                t.add(actor(op));
            }
            parallel.add(t);
            return this;
        }

        /** Adds operations run one by one after the parallel part. */
        ScenarioBuilder post(String... ops) {
            for (String op : ops) {
                post.add(actor(op));
            }
            return this;
        }

        ExecutionScenario build() {
            return new ExecutionScenario(init, parallel, post, null);
        }

        private Actor actor(String op) {
            int open = op.indexOf('(');
            if (open < 0 || !op.endsWith(")")) {
                throw new IllegalArgumentException("not a call: " + op);
            }
            String name = op.substring(0, open);
            String inner = op.substring(open + 1, op.length() - 1).trim();
            List<Object> args = new ArrayList<>();
            if (!inner.isEmpty()) {
                for (String a : inner.split(",")) {
                    args.add(Integer.parseInt(a.trim()));
                }
            }
            Class<?>[] types = new Class<?>[args.size()];
            java.util.Arrays.fill(types, int.class);
            Method m;
            try {
                m = test.getMethod(name, types);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("no operation " + op + " in " + test.getName(), e);
            }
            return new Actor(m, args, false, false, false, false, false);
        }
    }
}
