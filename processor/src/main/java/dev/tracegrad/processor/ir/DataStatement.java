package dev.tracegrad.processor.ir;

/**
 * One declaration of the data prologue: {@code type name = init;}, which the generated class's
 * public methods run, in order, before the forward pass (a data local of the body, or a data
 * expression the differentiable path reads, given a name).
 *
 * @param type the declared type, as written or {@code double}/{@code Matrix} for a named
 *     expression
 * @param name the local's name in the generated methods
 * @param init the initializer, copied from the source with every name made unambiguous
 * @param matrixLeaf whether the value is a Matrix the differentiable path reads (so it is
 *     checked for null like a Matrix argument)
 */
public record DataStatement(JavaCode type, String name, JavaCode init, boolean matrixLeaf) {}
