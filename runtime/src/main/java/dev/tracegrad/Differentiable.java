package dev.tracegrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the TraceGrad processor to derive, at compile time, the gradient of the annotated loss.
 *
 * <p>The processor reads the method body, differentiates it with the trace method of matrix
 * calculus and generates a class (see {@link #name()}) with {@code value}, {@code gradient},
 * {@code objective} and the {@code DERIVATION} text. The annotated method itself stays ordinary Java: calling it evaluates
 * the loss with the reference semantics of {@link Ops}, which is what the generated code is
 * tested against.
 *
 * <p>The method must be {@code static}, return {@code double} and take only {@link Matrix} and
 * {@code double} parameters. Its body is a sequence of local {@code Matrix}/{@code double}
 * declarations ({@code final} or not, {@code var} allowed, each assigned exactly once) followed
 * by a single {@code return}. Expressions may use the methods of {@link Ops} (statically imported
 * or qualified), {@code + - * /}, unary minus, numeric literals, and {@code Math.log},
 * {@code Math.exp}, {@code Math.sqrt} and {@code Math.pow} on scalars. Anything else is a
 * compile error at the offending place, because the processor could not differentiate it.
 *
 * <pre>{@code
 * @Differentiable(wrt = {"W1", "W2"})
 * static double twoLayer(Matrix W1, Matrix W2, Matrix x, Matrix y) {
 *     Matrix h = sigmoid(mul(W1, x));
 *     return -sum(hadamard(y, logSoftmax(mul(W2, h))));
 * }
 * // generates LossesTwoLayerGradient with gradient(W1, W2, x, y) -> Result(value, dW1, dW2)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

    /**
     * The parameters to differentiate with respect to, in the order the gradients are returned.
     * Empty (the default) means every {@code Matrix} parameter in declaration order. A
     * {@code double} parameter may be named too; its gradient is a {@code double}.
     *
     * @return parameter names of the annotated method
     */
    String[] wrt() default {};

    /**
     * Simple name of the generated class, in the same package. Empty (the default) means the
     * simple names of the enclosing classes from the top-level one down, then the method name
     * with its first letter capitalised, then {@code Gradient}: {@code Losses.twoLayer} gives
     * {@code LossesTwoLayerGradient}, {@code Outer.Losses.loss} gives
     * {@code OuterLossesLossGradient}.
     *
     * @return the generated class's simple name, or empty for the default
     */
    String name() default "";

    /**
     * Whether the generated class also computes Hessian-vector products: {@code hvp(...)}
     * returning the loss, its gradients and H·v for a direction per {@code wrt} parameter (a
     * buffer-taking overload writes H·v into caller buffers), the {@code HVP_DERIVATION} text,
     * and an {@code objective} whose {@code hasHvp()} is true. H·v is the derivative of the
     * gradient along the directions, derived by the trace method like the gradient itself.
     *
     * @return true to generate the Hessian-vector product methods
     */
    boolean hvp() default false;
}
