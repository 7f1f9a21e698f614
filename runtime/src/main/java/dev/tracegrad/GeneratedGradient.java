package dev.tracegrad;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class the TraceGrad processor generated and names the {@link Differentiable} method it
 * was generated from. Kept in the class file ({@code javax.annotation.processing.Generated} is
 * not), so that when a build recompiles only the loss's source with the previous output on the
 * class path, the processor recognises the class of that name as its own earlier output and
 * generates it again, where a user's own class of that name is an error.
 *
 * <p>Generated code carries it; user code has no reason to.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GeneratedGradient {

    /**
     * The method the class was generated from: its enclosing classes' simple names from the
     * top-level class down, joined with {@code .}, then {@code #} and the method's name, as in
     * {@code Losses#twoLayer} or {@code Outer.Losses#loss}. The package is the generated class's
     * own.
     *
     * @return the annotated method the class was generated from
     */
    String value();
}
