/**
 * The annotation processor that turns a {@code @Differentiable} method into a gradient class.
 *
 * <p>{@link dev.tracegrad.processor.DifferentiableProcessor} hands each annotated method to
 * {@code MethodPipeline}, which runs the stages, each a package consuming the previous one's
 * model and producing the next:
 *
 * <pre>
 * frontend  javac trees          → ir.Program (typed expression DAG, symbolic shapes)
 * derive    ir.Program           → derive.DerivationLog (adjoints by the trace method, step by step)
 * text      derive.DerivationLog → the DERIVATION text
 * simplify  ir.Derivation        → ir.Derivation (smaller; then prepared for lowering)
 * lower     ir.Derivation        → lower.LoopProgram (buffers, fused loops, kernel calls)
 * emit      lower.LoopProgram    → Java source (JavaPoet)
 * </pre>
 *
 * <p>Only {@code frontend} and {@code emit} touch javac; {@code diagnostic} holds every message.
 * How to add an op: {@code docs/CONTRIBUTING.md}.
 */
package dev.tracegrad.processor;
