package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Graph;
import java.util.List;
import java.util.Optional;

/**
 * The steps of a derivation, in the order the trace method takes them (the loss first, then every
 * intermediate on a path from a wrt parameter to the loss, last to first). Self-contained: it
 * holds the graph its ids refer to (the graph as the derive stage built it), so it stays valid
 * when later stages rebuild the gradient graph.
 *
 * @param graph the graph of the derive stage: forward nodes with their user names, and the
 *     adjoint nodes
 * @param loss the loss node
 * @param gradients one gradient node per wrt parameter, in wrt order
 * @param steps one step per differentiated intermediate, in visiting order
 */
public record DerivationLog(Graph graph, int loss, List<Integer> gradients, List<AdjointStep> steps) {

  public DerivationLog {
    gradients = List.copyOf(gradients);
    steps = List.copyOf(steps);
  }

  /** The gradients computed by these steps, for the later stages (which do not read the steps). */
  public Derivation derivation() {
    return new Derivation(graph, loss, gradients);
  }

  /** The step that differentiates {@code node}, if the derivation visited it. */
  public Optional<AdjointStep> step(int node) {
    return steps.stream().filter(s -> s.node() == node).findFirst();
  }

  /**
   * One intermediate Z with adjoint G = ∂l/∂Z: tr(Gᵀ dZ) (or g dZ for a scalar Z) expanded by Z's
   * differential rule into one term per operand that depends on a wrt parameter.
   *
   * @param node Z
   * @param adjoint the node computing ∂l/∂Z (the sum of what Z's users contributed)
   * @param terms the terms of the expansion, in operand order
   */
  public record AdjointStep(int node, int adjoint, List<Term> terms) {
    public AdjointStep {
      terms = List.copyOf(terms);
    }
  }

  /**
   * The part of tr(Gᵀ dZ) that holds the differential of one operand A, written with ∂l/∂Z as the
   * symbol {@code Sym.adj(Z)}.
   *
   * @param operand A
   * @param expanded the scalar terms the differential rule gives (summed), e.g. tr(Gᵀ dA B)
   * @param rules the differential rules used (TRACE-METHOD.md 1–8)
   * @param rearranged the term after the trace tricks when that form says more than the read-off
   *     form tr(Mᵀ dA) (e.g. tr(B Gᵀ dA)); null otherwise
   * @param tricks the trace tricks that bring the term to tr(Mᵀ dA) (9–13)
   * @param readOff M, what the term adds to ∂l/∂A
   * @param contribution the node computing M in the log's graph
   */
  public record Term(
      int operand,
      List<Sym> expanded,
      List<TraceRule> rules,
      Sym rearranged,
      List<TraceRule> tricks,
      Sym readOff,
      int contribution) {
    public Term {
      expanded = List.copyOf(expanded);
      rules = List.copyOf(rules);
      tricks = List.copyOf(tricks);
    }
  }
}
