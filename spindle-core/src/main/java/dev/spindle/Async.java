package dev.spindle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body uses {@link Future#await()}: Spindle's build step (the Maven
 * plugin, or the agent in an IDE) rewrites it into a state machine implementing
 * {@link Future}, so that each {@code await()} suspends the task instead of blocking a thread.
 *
 * <pre>{@code
 * @Async
 * Future<User> fetchUser(int id) {
 *     var user = db.getUser(id).await();
 *     var profile = api.getProfile(id).await();
 *     return Future.ready(new User(user, profile));
 * }
 * }</pre>
 *
 * <p>The method must return {@code Future<T>} (or {@code AsyncStream<T>} for an async
 * generator). Calling it does nothing but build the machine: like every Spindle future, it is
 * lazy and runs when polled.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
