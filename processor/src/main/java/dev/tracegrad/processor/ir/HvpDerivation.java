package dev.tracegrad.processor.ir;

import java.util.List;

/**
 * A derivation extended with Hessian-vector products: one graph holding the forward nodes, the
 * gradients and, for each wrt parameter (in wrt order), H·v, the directional derivative of its
 * gradient along the directions.
 *
 * @param graph the nodes of all three
 * @param loss the loss node
 * @param gradients one gradient node per wrt parameter, in wrt order
 * @param products one H·v node per wrt parameter, in wrt order, of the gradient's shape
 * @param directions the direction parameters, one per wrt parameter ({@code vW} for {@code W}),
 *     of the same kind and shape
 */
public record HvpDerivation(
    Graph graph, int loss, List<Integer> gradients, List<Integer> products, List<Parameter> directions) {

  public HvpDerivation {
    gradients = List.copyOf(gradients);
    products = List.copyOf(products);
    directions = List.copyOf(directions);
  }
}
