package dev.spindle.test.internal;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.Handle;
import dev.spindle.runtime.TaskDump;
import dev.spindle.test.SpindleTest;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Runs one {@link SpindleTest @SpindleTest} method from start to end: checks its signature,
 * builds its runtime, runs the {@link TestBody} in {@code blockOn} under the real-time limit,
 * closes the runtime and checks that it shut down cleanly. It returns if the test passed and
 * throws the reason if not: the test future's own exception, a {@link TimeoutException} with
 * the task dump, or an {@link AssertionError} naming what outlived the runtime.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Clean shutdown</b> is checked, not assumed: the runtime is built with an
 * {@code onThreadStart} hook that records every thread it starts (workers and blocking threads).
 * After {@code close()} has returned, each recorded thread must terminate within
 * {@link #THREAD_EXIT_GRACE} — a thread that closed cleanly is only finishing its last
 * instructions, so the grace is spent only when something is really stuck — and the runtime
 * must own no live task. Either failure is reported; if the test had already failed, it is added
 * to that failure as suppressed, so the first cause stays first.
 *
 * <p>{@code close()} runs on the test thread, the one that built the runtime, as
 * {@link AsyncRuntime#close()} requires; it is bounded by the runtime's shutdown timeout.
 */
final class TestMethodRunner {
    /** How long a runtime thread may take to terminate after {@code close()} returned. */
    static final Duration THREAD_EXIT_GRACE = Duration.ofSeconds(2);

    private final Class<?> testClass;
    private final Method method;
    private final String displayName;

    TestMethodRunner(Class<?> testClass, Method method, String displayName) {
        this.testClass = testClass;
        this.method = method;
        this.displayName = displayName;
    }

    /**
     * Runs the test.
     *
     * @throws Exception whatever made the test fail (any throwable is thrown as it is)
     */
    void run() throws Exception {
        SpindleTest config = AnnotationSupport.findAnnotation(method, SpindleTest.class)
                .orElseThrow(() -> new IllegalStateException(method + " is not annotated @SpindleTest"));
        checkSignature(config);

        Set<Thread> runtimeThreads = ConcurrentHashMap.newKeySet();
        AsyncRuntime runtime = buildRuntime(config, runtimeThreads);
        Throwable failure;
        RealTimeLimit limit = RealTimeLimit.start(config.timeoutMillis());
        try {
            TestBody.Outcome outcome = runtime.blockOn(new TestBody(() -> invoke(runtime), limit, runtime));
            failure = switch (outcome) {
                case TestBody.Passed passed -> null;
                case TestBody.Failed failed -> failed.failure();
                case TestBody.TimedOut timedOut -> timeoutFailure(limit.limitMillis(), timedOut);
            };
        } catch (Throwable t) {
            failure = t; // blockOn itself gave up: the runtime closed under the test, or an interrupt
        } finally {
            limit.stop();
        }
        Throwable shutdownFailure = closeAndCheck(runtime, runtimeThreads);
        if (shutdownFailure != null) {
            if (failure == null) {
                failure = shutdownFailure;
            } else {
                failure.addSuppressed(shutdownFailure);
            }
        }
        if (failure != null) {
            throw Sneaky.<Exception>raise(failure);
        }
    }

    private void checkSignature(SpindleTest config) {
        List<String> problems = new ArrayList<>();
        if (ModifierSupport.isPrivate(method)) {
            problems.add("it must not be private");
        }
        if (ModifierSupport.isAbstract(method)) {
            problems.add("it must not be abstract");
        }
        Class<?> returnType = method.getReturnType();
        if (returnType != void.class && !Future.class.isAssignableFrom(returnType)) {
            problems.add("it must return void or a dev.spindle.Future, not " + returnType.getName());
        }
        for (Class<?> p : method.getParameterTypes()) {
            if (p != AsyncRuntime.class && p != Handle.class) {
                problems.add("parameter type " + p.getName() + " is not supported (only AsyncRuntime and Handle are)");
            }
        }
        if (config.flavor() == SpindleTest.Flavor.MULTI_THREAD && config.workerThreads() < 1) {
            problems.add("workerThreads must be at least 1, not " + config.workerThreads());
        }
        if (!ModifierSupport.isStatic(method)) {
            try {
                testClass.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                problems.add(testClass.getName() + " has no no-arg constructor to make an instance with");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("@SpindleTest method " + testClass.getName() + "#" + method.getName()
                    + " cannot be run: " + String.join("; ", problems));
        }
    }

    private static AsyncRuntime buildRuntime(SpindleTest config, Set<Thread> runtimeThreads) {
        AsyncRuntime.Builder builder = config.flavor() == SpindleTest.Flavor.MULTI_THREAD
                ? AsyncRuntime.builder().multiThread().workerThreads(config.workerThreads())
                : AsyncRuntime.builder().currentThread();
        return builder
                .startPaused(config.startPaused())
                .onThreadStart(() -> runtimeThreads.add(Thread.currentThread()))
                .build();
    }

    /** Called inside the runtime, at the test body's first poll. */
    private Object invoke(AsyncRuntime runtime) {
        Object instance = ModifierSupport.isStatic(method) ? null : ReflectionSupport.newInstance(testClass);
        Class<?>[] parameterTypes = method.getParameterTypes();
        Object[] args = new Object[parameterTypes.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = parameterTypes[i] == Handle.class ? runtime.handle() : runtime;
        }
        Object result = ReflectionSupport.invokeMethod(method, instance, args);
        if (result == null && method.getReturnType() != void.class) {
            throw new IllegalStateException("@SpindleTest method " + displayName + " returned null instead of a Future");
        }
        return result;
    }

    private TimeoutException timeoutFailure(long limitMillis, TestBody.TimedOut timedOut) {
        StringBuilder sb = new StringBuilder()
                .append(displayName).append(" timed out after ").append(limitMillis)
                .append(" ms of real time (@SpindleTest timeoutMillis); the test future was cancelled.")
                .append("\nThe test future was waiting on:");
        if (timedOut.pendingOn().isEmpty()) {
            sb.append("\n    (nothing it can describe)");
        }
        for (String frame : timedOut.pendingOn()) {
            sb.append("\n    ").append(frame);
        }
        sb.append("\nLive tasks of the test's runtime (AsyncRuntime.dumpTasks()):");
        appendTasks(sb, timedOut.tasks());
        return new TimeoutException(sb.toString());
    }

    private static void appendTasks(StringBuilder sb, List<TaskDump> tasks) {
        if (tasks.isEmpty()) {
            sb.append("\n    (none)");
        }
        for (TaskDump task : tasks) {
            sb.append("\n    ").append(task.toString().replace("\n", "\n    "));
        }
    }

    /** Closes the runtime; returns why it did not shut down cleanly, or {@code null}. */
    private Throwable closeAndCheck(AsyncRuntime runtime, Set<Thread> runtimeThreads) {
        try {
            runtime.close();
        } catch (Throwable t) {
            return t;
        }
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + THREAD_EXIT_GRACE.toNanos();
        for (Thread t : runtimeThreads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while waiting for the runtime's threads to end");
                break;
            }
            if (t.isAlive()) {
                StringBuilder sb = new StringBuilder("thread '").append(t.getName()).append("' is still running:");
                for (StackTraceElement frame : t.getStackTrace()) {
                    sb.append("\n        at ").append(frame);
                }
                problems.add(sb.toString());
            }
        }
        int aliveTasks = runtime.metrics().numAliveTasks();
        if (aliveTasks > 0) {
            StringBuilder sb = new StringBuilder().append(aliveTasks).append(" task(s) still alive:");
            appendTasks(sb, runtime.dumpTasks());
            problems.add(sb.toString());
        }
        if (problems.isEmpty()) {
            return null;
        }
        return new AssertionError("the runtime of " + displayName + " did not shut down cleanly: "
                + String.join("\n", problems));
    }
}
