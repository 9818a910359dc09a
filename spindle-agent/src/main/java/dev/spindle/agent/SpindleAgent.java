package dev.spindle.agent;

import dev.spindle.agent.internal.AsyncClassFileTransformer;
import dev.spindle.transform.AsyncTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point: transforms {@code @dev.spindle.Async} methods as their
 * classes load, for runs that do not go through {@code spindle-maven-plugin} (an IDE's test
 * runner, a quick {@code java} command).
 *
 * <pre>{@code
 * java -javaagent:spindle-agent.jar -cp app.jar com.example.Main
 * }</pre>
 *
 * <p>The jar is self-contained (the transformer and a relocated ASM are inside). A class with a
 * build error (an {@code await()} outside an {@code @Async} method, say) is reported on standard
 * error, {@code spindle-agent: File.java:line: message}, and loaded untransformed: its
 * {@code await()} then throws the {@code IllegalStateException} that names the plugin, as it
 * would without the agent. Classes that were transformed at build time are left alone (the
 * transformer is idempotent), so the agent may stay on in an IDE whose build also runs the
 * plugin. The JDK's own classes and the boot class path are never transformed.
 */
public final class SpindleAgent {
    private SpindleAgent() {
    }

    /**
     * Installs the agent before {@code main} ({@code -javaagent:spindle-agent.jar}).
     *
     * @param args the agent's options; none are defined, so it is ignored
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        AsyncClassFileTransformer.install(inst, (loader, classFile) -> new AsyncTransformer(loader).transform(classFile));
    }

    /**
     * Installs the agent into a running JVM (the jar's {@code Agent-Class}, for the attach API); only
     * classes loaded from then on are transformed.
     *
     * @param args the agent's options; none are defined, so it is ignored
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        premain(args, inst);
    }
}
