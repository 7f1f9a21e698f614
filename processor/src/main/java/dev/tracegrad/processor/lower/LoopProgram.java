package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Parameter;
import java.util.List;

/**
 * Lower stage output, emit stage input: the generated class's computation as passes of steps
 * over named buffers and scalars. The forward pass computes the loss (and keeps what the backward
 * pass reads); the backward pass writes every gradient output; with Hessian-vector products, the
 * tangent pass then writes every H·v output, reading what the other two kept.
 *
 * @param sourceName the annotated method, {@code "Losses#twoLayer"}
 * @param params the annotated method's parameters, in declaration order
 * @param scratch every instance buffer, in the order the passes first write them
 * @param shared the forward scalars the backward pass reads (instance fields)
 * @param factorisations every LU factorisation (a shared one keeps its sign in a field)
 * @param forward the forward pass
 * @param loss the value the forward pass returns
 * @param backward the backward pass; with products, only what the products need too
 * @param rest the rest of the backward pass: with products, the gradient values the products do
 *     not need, which the buffer form of {@code hvp} skips; empty without products
 * @param gradients one output per wrt parameter, in wrt order
 * @param directions the directions of the Hessian-vector products, one per wrt parameter in wrt
 *     order; empty without products
 * @param tangent the tangent pass; empty without products
 * @param products one H·v output per wrt parameter, in wrt order; empty without products
 */
public record LoopProgram(
    String sourceName,
    List<Parameter> params,
    List<Buffer> scratch,
    List<ScalarVar> shared,
    List<LuFactors> factorisations,
    List<Step> forward,
    Expr loss,
    List<Step> backward,
    List<Step> rest,
    List<Gradient> gradients,
    List<Parameter> directions,
    List<Step> tangent,
    List<Gradient> products) {

  public LoopProgram {
    params = List.copyOf(params);
    scratch = List.copyOf(scratch);
    shared = List.copyOf(shared);
    factorisations = List.copyOf(factorisations);
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
    rest = List.copyOf(rest);
    gradients = List.copyOf(gradients);
    directions = List.copyOf(directions);
    tangent = List.copyOf(tangent);
    products = List.copyOf(products);
  }

  /**
   * Whether the generated class has a {@code backward} method: not when Hessian-vector products
   * need nothing of the backward pass and all of it is the rest.
   */
  public boolean hasBackward() {
    return !backward.isEmpty() || rest.isEmpty();
  }

  /** Whether the class computes Hessian-vector products. */
  public boolean hasProducts() {
    return !products.isEmpty();
  }

  /**
   * The passes in the order they run when all run: forward, backward and, with products,
   * tangent and the rest of the backward pass.
   */
  public List<List<Step>> passes() {
    return hasProducts() ? List.of(forward, backward, tangent, rest) : List.of(forward, backward);
  }

  /**
   * The gradient (or H·v) output for one wrt parameter.
   *
   * @param param the parameter
   * @param name the output's name: the {@code Result} component and the buffer parameter
   * @param buffer the caller's buffer for a {@code Matrix} parameter; null for a {@code double}
   *     (written to element 0 of a {@code double[]})
   */
  public record Gradient(Parameter param, String name, Buffer buffer) {}

  /** A listing of the program, for {@code -Atracegrad.debug}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("loop program for ").append(sourceName).append('\n');
    sb.append("buffers:\n");
    for (Buffer b : scratch) {
      sb.append("  ").append(b.describe()).append('\n');
    }
    if (!shared.isEmpty()) {
      sb.append("shared scalars: ").append(shared).append('\n');
    }
    sb.append("forward:\n");
    for (Step s : forward) {
      sb.append("  ").append(s).append('\n');
    }
    sb.append("  return ").append(loss).append('\n');
    sb.append("backward:\n");
    for (Step s : backward) {
      sb.append("  ").append(s).append('\n');
    }
    if (!rest.isEmpty()) {
      sb.append("rest of backward:\n");
      for (Step s : rest) {
        sb.append("  ").append(s).append('\n');
      }
    }
    sb.append("gradients:");
    for (Gradient g : gradients) {
      sb.append(' ').append(g.name());
    }
    if (hasProducts()) {
      sb.append("\ntangent:\n");
      for (Step s : tangent) {
        sb.append("  ").append(s).append('\n');
      }
      sb.append("products:");
      for (Gradient g : products) {
        sb.append(' ').append(g.name());
      }
    }
    return sb.append('\n').toString();
  }
}
