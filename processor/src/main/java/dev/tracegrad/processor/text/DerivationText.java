package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The derivation as text: {@code unicode} for the generated {@code DERIVATION} constant,
 * {@code ascii} for the generated class's Javadoc (so the generated source is pure ASCII). Both
 * are printed from one layout, from the derivation's {@link DerivationLog}: what is differentiated
 * with respect to what, one line per step of the trace method with the rule numbers it used, then
 * the closed form of every gradient.
 *
 * <p>The text writes expressions out as trees, while the graph shares subexpressions. A program
 * whose adjoints reuse an unnamed subexpression at every level (a chain of locals each used twice)
 * would print exponentially long; past {@link #MAX_TREE_SIZE} operations in one expression the
 * text says so instead, and the processor stays fast. The generated code is unaffected.
 */
public record DerivationText(String unicode, String ascii) {

  /** The most operations one printed expression may have when written out as a tree. */
  static final long MAX_TREE_SIZE = 5_000;

  public static DerivationText render(Program program, DerivationLog log) {
    long largest = largestTree(log.graph());
    if (largest > MAX_TREE_SIZE) {
      return tooLarge(program);
    }
    return new DerivationWriter(program, log).write();
  }

  /**
   * This text with lines saying which stable forms the loss is computed in (LANGUAGE.md §6), one
   * identity per line, given in the two notations; the text itself already shows the stable form.
   */
  public DerivationText withStableForms(List<String> unicodeIdentities, List<String> asciiIdentities) {
    if (unicodeIdentities.isEmpty()) {
      return this;
    }
    return new DerivationText(stableForms(unicodeIdentities) + unicode, stableForms(asciiIdentities) + ascii);
  }

  private static String stableForms(List<String> identities) {
    StringBuilder sb = new StringBuilder("computed in stable form, by ");
    sb.append(identities.size() == 1 ? "the identity " : "the identities ");
    sb.append(String.join("; ", identities)).append('\n');
    return sb.toString();
  }

  /**
   * The size of the largest expression written out as a tree, named nodes and leaves counting
   * as one (the text prints them as symbols); saturates just past the limit.
   */
  static long largestTree(Graph g) {
    long[] size = new long[g.size()];
    long largest = 0;
    for (int id = 0; id < g.size(); id++) {
      long s = 1;
      if (g.name(id).isEmpty()) {
        for (int in : g.node(id).inputs()) {
          s += g.name(in).isPresent() ? 1 : size[in];
        }
      }
      size[id] = Math.min(s, MAX_TREE_SIZE + 1);
      largest = Math.max(largest, size[id]);
    }
    return largest;
  }

  private static DerivationText tooLarge(Program program) {
    String wrt = program.wrtParams().stream().map(Parameter::name).collect(Collectors.joining(", "));
    String note = "The step-by-step derivation is not printed: written out in full, its expressions"
        + " would have more than " + MAX_TREE_SIZE + " operations, because they share subexpressions"
        + " at every step.\nThe gradient is computed from the same trace-method steps, each shared"
        + " subexpression once.\n";
    return new DerivationText(
        "Gradient of " + program.sourceName() + " with respect to " + wrt + ".\n" + note,
        "Gradient of " + program.sourceName() + " with respect to " + wrt + ".\n" + note);
  }
}
