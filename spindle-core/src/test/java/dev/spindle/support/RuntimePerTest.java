package dev.spindle.support;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The set-up of a contract test run against each runtime flavour by a subclass per flavour: a
 * fresh runtime of the flavour under test for each test, closed after it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class RuntimePerTest {
    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    protected AsyncRuntime rt;

    @BeforeEach
    protected void start() {
        rt = builder().build();
    }

    @AfterEach
    protected void stop() {
        rt.close();
    }

    /** The failure inside a {@link JoinException}. */
    public static Throwable rootOf(Throwable t) {
        while (t instanceof JoinException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
