/**
 * The intermediate representation every stage after the front end shares: {@link dev.tracegrad.processor.ir.Node}
 * (a sealed interface of records, one per operation, with {@link dev.tracegrad.processor.ir.Node.Visitor} for the
 * stages' dispatch), the hash-consed {@link dev.tracegrad.processor.ir.Graph} with symbolic {@link dev.tracegrad.processor.ir.Shape}s,
 * {@link dev.tracegrad.processor.ir.Program} (what the front end read) and {@link dev.tracegrad.processor.ir.Derivation} (gradients for
 * simplify and lower), and {@link dev.tracegrad.processor.ir.EntrywiseFunction}, the one table of entrywise
 * functions. Plain Java: no javac types.
 */
package dev.tracegrad.processor.ir;
