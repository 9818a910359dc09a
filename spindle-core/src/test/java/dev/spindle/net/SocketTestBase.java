package dev.spindle.net;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** The runtime set-up of the socket contract tests: a fresh runtime of the flavour under test per test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class SocketTestBase {
    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    protected AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = builder().build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** The failure inside a {@link JoinException}. */
    static Throwable rootOf(Throwable t) {
        while (t instanceof JoinException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
