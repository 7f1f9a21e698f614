/**
 * Every message the processor prints, as one enum: id, kind and text, rendered
 * {@code [TraceGradId] text}.
 */
package dev.tracegrad.processor.diagnostic;
