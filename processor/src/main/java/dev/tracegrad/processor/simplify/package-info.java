/**
 * Simplify stage: rewrites an {@link dev.tracegrad.processor.ir.Derivation} into an equal, smaller one (algebraic
 * identities to a fixpoint, common subexpressions shared by hash-consing), then prepares it for
 * lowering: σ′ from the forward values (each function's derivative expression read as graph
 * nodes), products with inverses as solves, how product chains associate.
 */
package dev.tracegrad.processor.simplify;
