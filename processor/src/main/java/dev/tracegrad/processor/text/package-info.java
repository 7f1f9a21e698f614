/**
 * The derivation text: lays out a {@link dev.tracegrad.processor.derive.DerivationLog} as the trace method is done on
 * paper (one line per step, with the rule numbers it used, then the closed forms), printed once in
 * Unicode for {@code DERIVATION} and once in ASCII for the generated Javadoc. Display rewrites
 * ({@code SymNormalizer}) are identities, checked by compiling the printed forms back into graphs.
 */
package dev.tracegrad.processor.text;
