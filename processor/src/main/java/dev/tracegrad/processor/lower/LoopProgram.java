package dev.tracegrad.processor.lower;

/** The lowered program: buffers, loops, kernel calls. */
public record LoopProgram() {}
