/**
 * Front end: validates an annotated method's declaration ({@code javax.lang.model}) and reads its
 * body (javac's Tree API) into an {@link dev.tracegrad.processor.ir.Program}. Calls are resolved here by javac's
 * scoping rules, since bodies are not attributed while processors run; {@code DslOp} is the
 * vocabulary of {@code Ops} as the processor knows it. Every error is reported once, at the exact
 * tree, and the method then yields no program.
 */
package dev.tracegrad.processor.frontend;
