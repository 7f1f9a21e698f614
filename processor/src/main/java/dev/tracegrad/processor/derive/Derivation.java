package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Graph;
import java.util.List;

/**
 * The result of differentiation: one graph holding the forward nodes and the gradient
 * expressions, the loss node, one gradient node per wrt parameter (in wrt order; a scalar node for
 * a {@code double} parameter), and the step-by-step log of the trace method.
 *
 * <p>Parameters are found in the graph by structure ({@code graph.find(param.node())}); a
 * parameter the loss does not use has no node.
 */
public record Derivation(Graph graph, int loss, List<Integer> gradients, DerivationLog log) {

  public Derivation {
    gradients = List.copyOf(gradients);
  }
}
