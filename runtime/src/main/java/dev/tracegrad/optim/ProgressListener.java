package dev.tracegrad.optim;

import dev.tracegrad.kernel.Checks;
import java.util.function.Consumer;

/**
 * Called by an optimizer after every iteration, on the thread that called {@code minimize}; it
 * decides whether the run goes on. Returning false ends the run with {@link Status#STOPPED}
 * (the result then holds the iterate just reported).
 *
 * <pre>{@code
 * Lbfgs.Options.defaults().withProgress(p -> {
 *     System.out.printf("%4d  %.6e  %.2e%n", p.iteration(), p.value(), p.gradientNorm());
 *     return p.iteration() < 50;   // or: true to never stop early
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that does nothing and never stops the run: the options' default. */
    ProgressListener NONE = p -> true;

    /**
     * Receives one iteration.
     *
     * @return true to continue, false to stop the run with {@link Status#STOPPED}
     */
    boolean onIteration(Progress progress);

    /** A listener that passes every iteration to {@code observer} and never stops the run. */
    static ProgressListener observing(Consumer<? super Progress> observer) {
        Checks.nonNull(observer, "observer");
        return p -> {
            observer.accept(p);
            return true;
        };
    }
}
