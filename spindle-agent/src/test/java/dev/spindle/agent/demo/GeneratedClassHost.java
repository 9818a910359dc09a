package dev.spindle.agent.demo;

/**
 * A host class for which a stand-in transformation generates {@code GeneratedClassHost$Generated}
 * (extending a generated {@code GeneratedClassHost$Base}): the program finds it in its own loader
 * and package, which it could not without the agent, since no class file of it exists.
 */
public final class GeneratedClassHost {
    private GeneratedClassHost() {
    }

    /** Named so that the agent's quick filter (await, emit, @Async) lets the class through. */
    static Object emit() throws ReflectiveOperationException {
        Class<?> c = Class.forName(GeneratedClassHost.class.getName() + "$Generated");
        return c.getConstructor().newInstance() + " sameLoader=" + (c.getClassLoader() == GeneratedClassHost.class.getClassLoader())
                + " package=" + c.getPackageName() + " super=" + c.getSuperclass().getSimpleName();
    }

    /**
     * @param args unused
     * @throws ReflectiveOperationException when the generated class is missing
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        System.out.println(emit());
    }
}
