/**
 * The tour: a runnable walk through Spindle, one small class per step ({@link
 * dev.spindle.examples.tour.Tour} lists them in order).
 *
 * <p>Until the {@code @Async} transformer lands, the futures here are written with combinators
 * ({@code map}, {@code flatMap}, {@code then}, {@code Future.lazy}) and a few small hand-written
 * {@code Future} classes. Once it does, each of these chains becomes an ordinary-looking
 * {@code @Async} method with {@code .await()} calls, and the tour will show both.
 */
package dev.spindle.examples.tour;
