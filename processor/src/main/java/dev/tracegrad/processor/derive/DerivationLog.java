package dev.tracegrad.processor.derive;

/** The steps of a derivation, in the order the trace method takes them. */
public record DerivationLog() {}
