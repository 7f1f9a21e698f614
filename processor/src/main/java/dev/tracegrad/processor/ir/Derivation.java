package dev.tracegrad.processor.ir;

import java.util.List;

/**
 * What the derive stage hands to simplify and lower: one graph holding the forward nodes and the
 * gradient expressions, the loss node, and one gradient node per wrt parameter (in wrt order; a
 * scalar node for a {@code double} parameter). Simplify produces an equal derivation over a
 * smaller graph; lower consumes it.
 *
 * <p>Parameters are found in the graph by structure ({@code graph.find(param.node())}); a
 * parameter the loss does not use has no node.
 */
public record Derivation(Graph graph, int loss, List<Integer> gradients) {

  public Derivation {
    gradients = List.copyOf(gradients);
  }
}
