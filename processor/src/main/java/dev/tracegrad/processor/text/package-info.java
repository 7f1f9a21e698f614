/**
 * The derivation text: lays out a {@link dev.tracegrad.processor.derive.DerivationLog} as the trace method is done on
 * paper (one line per step, with the rule numbers it used, then the closed forms), printed once in
 * Unicode for {@code DERIVATION} and once in ASCII for the generated Javadoc. Its terms are tidied
 * by the simplify stage's own identities ({@code SymNormalizer} writes a term as a scratch graph
 * and runs {@link dev.tracegrad.processor.simplify.Simplifier#simplifyForText} on it); this package
 * keeps only presentation: how σ′ is written, where a sign goes, the layout. The printed forms are
 * checked by compiling them back into graphs.
 */
package dev.tracegrad.processor.text;
