/**
 * Emit stage: writes a {@link dev.tracegrad.processor.lower.LoopProgram} as Java source with JavaPoet: the generated
 * class's public methods, argument checks, the passes' loops and kernel calls, the derivation text
 * as a constant and in the Javadoc. The runtime methods it calls are listed in {@code Types}, and
 * a test checks them against the runtime.
 */
package dev.tracegrad.processor.emit;
