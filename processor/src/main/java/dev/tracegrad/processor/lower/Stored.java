package dev.tracegrad.processor.lower;

/**
 * Lower stage: what a step of the loop program reads and writes, each written by exactly one step
 * — a matrix buffer, a named scalar, or a matrix's LU factorisation.
 */
public sealed interface Stored permits Buffer, ScalarVar, LuFactors {}
