/**
 * Simplify stage: rewrites an {@link dev.tracegrad.processor.ir.Derivation} into an equal, smaller one (algebraic
 * identities to a fixpoint, common subexpressions shared by hash-consing), then prepares it for
 * lowering: σ′ from the forward values (each function's derivative expression read as graph
 * nodes), products with inverses as solves, how product chains associate.
 *
 * <p>{@code AlgebraicRules} is the processor's one set of algebraic identities: the derivation text
 * tidies its symbolic terms through them too ({@link Simplifier#simplifyForText}), so an identity
 * is written, and tested, once.
 */
package dev.tracegrad.processor.simplify;
