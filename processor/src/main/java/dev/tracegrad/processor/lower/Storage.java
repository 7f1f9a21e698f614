package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lower stage: decides which nodes get storage and names it. A matrix node is materialised in a
 * buffer when it is a product, an inverse or solve, a softmax, a row or column sum, read twice or
 * more, read by both passes, a gradient output, or an operand that a kernel or product needs as an
 * array; every other matrix node is fused into the loop of its consumer. A scalar node gets a
 * named {@code double} when it is a reduction or determinant, the loss, named by the user, read
 * twice or more, or read inside a loop (so it is computed once, outside).
 */
final class Storage {
  private final Program program;
  private final Graph graph;
  private final Dims dims;
  private final Usage usage;
  private final List<Integer> gradients;
  private final List<Integer> products;
  private final List<Parameter> directions;
  private final boolean[] materialised;
  private final Map<Integer, Buffer> buffers = new HashMap<>();
  private final Map<Integer, ScalarVar> scalars = new HashMap<>();
  private final List<Buffer> outputs = new ArrayList<>();
  private final List<String> outputNames = new ArrayList<>();
  private final List<Buffer> productOutputs = new ArrayList<>();
  private final List<String> productNames = new ArrayList<>();
  private final UniqueNames names = new UniqueNames();

  /**
   * @param products the Hessian-vector product nodes, one per wrt parameter, or none
   * @param directions the direction parameters of the products, or none
   */
  Storage(Program program, Graph graph, int loss, List<Integer> gradients, List<Integer> products,
      List<Parameter> directions, Usage usage) {
    this.program = program;
    this.graph = graph;
    this.dims = graph.dims();
    this.usage = usage;
    this.gradients = gradients;
    this.products = products;
    this.directions = directions;
    this.materialised = new boolean[graph.size()];
    decide();
    name(loss);
  }

  /** The storage of a matrix node, if it has any (parameters always do). */
  Optional<Buffer> buffer(int id) {
    return Optional.ofNullable(buffers.get(id));
  }

  /** The named double of a scalar node, if it has one. */
  Optional<ScalarVar> scalar(int id) {
    return Optional.ofNullable(scalars.get(id));
  }

  /** The caller's gradient buffer for the w-th wrt parameter (null for a double parameter). */
  Buffer output(int w) {
    return outputs.get(w);
  }

  /** The name of the w-th gradient output ("d" + parameter name unless that is taken). */
  String outputName(int w) {
    return outputNames.get(w);
  }

  /** The caller's H·v buffer for the w-th wrt parameter (null for a double parameter). */
  Buffer productOutput(int w) {
    return productOutputs.get(w);
  }

  /** The name of the w-th H·v output ("h" + parameter name unless that is taken). */
  String productName(int w) {
    return productNames.get(w);
  }

  /** A fresh name for generated storage (LU factors, softmax scratch). */
  String claim(String hint) {
    return names.claim(hint);
  }

  /** The canonical shape of a matrix node. */
  Shape shape(int id) {
    return dims.canonical(graph.shape(id));
  }

  Dims dims() {
    return dims;
  }

  /** The node with any chain of transposes removed, and whether an odd number was removed. */
  Stripped strip(int id) {
    boolean t = false;
    while (graph.node(id) instanceof Node.Transpose x) {
      id = x.a();
      t = !t;
    }
    return new Stripped(id, t);
  }

  /** A node seen through its transposes. */
  record Stripped(int id, boolean transposed) {}

  /**
   * A product operand seen through transposes, scalings and negations that have no buffer of
   * their own: op(X) = sign · Π scales · X or Xᵀ. The factors fold into the product's loops.
   */
  ProductOperand operand(int id) {
    boolean t = false;
    boolean negated = false;
    List<Integer> scales = new ArrayList<>();
    while (!materialised[id]) {
      Node n = graph.node(id);
      if (n instanceof Node.Transpose x) {
        id = x.a();
        t = !t;
      } else if (n instanceof Node.Neg x) {
        id = x.a();
        negated = !negated;
      } else if (n instanceof Node.Scale x) {
        scales.add(x.s());
        id = x.a();
      } else {
        break;
      }
    }
    return new ProductOperand(id, t, negated, scales);
  }

  /** A product operand: the stored node, whether it is transposed, and its scalar factors. */
  record ProductOperand(int id, boolean transposed, boolean negated, List<Integer> scales) {}

  private void decide() {
    for (int id = 0; id < graph.size(); id++) {
      if (!usage.live(id) || graph.isScalar(id)) {
        continue;
      }
      Node n = graph.node(id);
      if (n instanceof Node.Param) {
        continue;
      }
      boolean view = NodeRoles.isView(n);
      if (NodeRoles.alwaysStored(n) || (!view && (usage.uses(id) >= 2 || usage.neededLater(id)))) {
        materialised[id] = true;
      }
    }
    for (int id = 0; id < graph.size(); id++) {
      if (usage.live(id)) {
        markOperands(graph.node(id));
      }
    }
    for (int g : gradients) {
      if (!graph.isScalar(g) && usage.inBackward(g)) {
        materialised[g] = true;
      }
    }
    for (int p : products) {
      if (!graph.isScalar(p) && usage.inTangent(p)) {
        materialised[p] = true;
      }
    }
  }

  /**
   * Products, factorisations and per-column kernels need their operands as arrays. A pick or
   * gatherCols operand of a product is then gathered into a buffer of its own by a loop: the copy
   * costs one read per entry of the m×n operand against the product's m·n·p multiply-adds, and
   * gathering while the product kernel packs its panels would need a kernel entry per index
   * layout for a saving of under 1/p of the product.
   */
  private void markOperands(Node n) {
    if (n instanceof Node.MatMul x) {
      mark(operand(x.a()).id());
      mark(operand(x.b()).id());
    } else if (n instanceof Node.Solve x) {
      mark(strip(x.a()).id());
      mark(x.b());
    } else if (n instanceof Node.Inv x) {
      mark(x.a());
    } else if (n instanceof Node.Det x) {
      mark(x.a());
    } else if (n instanceof Node.LogDet x) {
      mark(x.a());
    } else if (n instanceof Node.Softmax x) {
      mark(x.a());
    } else if (n instanceof Node.LogSoftmax x) {
      mark(x.a());
    } else if (n instanceof Node.LogSumExp x) {
      markUnlessCheap(x.a());
    } else if (n instanceof Node.ColLogSumExp x) {
      markUnlessCheap(x.a());
    } else if (n instanceof Node.Scatter x) {
      mark(x.g());
    } else if (n instanceof Node.ScatterAdd x) {
      mark(x.g());
    } else if (n instanceof Node.Diag x) {
      markVector(x.v());
    } else if (n instanceof Node.BroadcastCols x) {
      markVector(x.v());
    } else if (n instanceof Node.BroadcastRows x) {
      markVector(x.r());
    } else if (n instanceof Node.AddColumn x) {
      markVector(x.b());
    } else if (n instanceof Node.ScaleColumns x) {
      markVector(x.r());
    }
  }

  /**
   * A log-sum-exp reads its operand twice (for the maximum, then for Σ exp(a − max)). An operand
   * built by arithmetic, broadcasts and index maps from stored values is evaluated in place both
   * times: that is two reads of its inputs against a store and two reads of a copy. One that
   * applies a function (exp, log, tanh, pow...) is stored: a second call per entry costs more
   * than the copy.
   */
  private void markUnlessCheap(int id) {
    if (!cheapToRepeat(id)) {
      mark(id);
    }
  }

  private boolean cheapToRepeat(int id) {
    if (materialised[id] || graph.isScalar(id)) {
      return true;
    }
    Node n = graph.node(id);
    if (n instanceof Node.Entrywise || n instanceof Node.Pow || n instanceof Node.EntrywiseDerivative) {
      return false;
    }
    for (int in : n.inputs()) {
      if (!cheapToRepeat(in)) {
        return false;
      }
    }
    return true;
  }

  private void mark(int id) {
    if (!(graph.node(id) instanceof Node.Param)) {
      materialised[id] = true;
    }
  }

  /**
   * A broadcast vector is read once per row (or column) of the result, so anything but a view of
   * a parameter or a constant is computed once into its own small buffer.
   */
  private void markVector(int id) {
    if (!cheap(id)) {
      materialised[id] = true;
    }
  }

  private boolean cheap(int id) {
    Node n = graph.node(id);
    if (n instanceof Node.Param || n instanceof Node.Fill || n instanceof Node.Eye) {
      return true;
    }
    if (n instanceof Node.Transpose x) {
      return cheap(x.a());
    }
    if (n instanceof Node.BroadcastCols x) {
      return cheap(x.v());
    }
    if (n instanceof Node.BroadcastRows x) {
      return cheap(x.r());
    }
    return false;
  }

  private boolean needsScalar(int id, int loss) {
    Node n = graph.node(id);
    if (n instanceof Node.Const || n instanceof Node.ScalarParam || n instanceof Node.Extent) {
      return false;
    }
    return NodeRoles.isReduction(n)
        || id == loss
        || graph.name(id).isPresent()
        || usage.uses(id) >= 2
        || usage.usedByMatrix(id)
        || usage.neededLater(id);
  }

  /**
   * Names in priority order: parameters keep their own names; gradient outputs are "d" + the
   * parameter; user-named locals keep theirs where free; then generated names in id order.
   */
  private void name(int loss) {
    for (Parameter p : program.params()) {
      names.reserve(p.name());
    }
    for (Parameter p : directions) {
      names.reserve(p.name());
    }
    // The generated class's own fields; a scratch field of either name would clash with them.
    names.reserve("DERIVATION");
    names.reserve("DERIVATION_ASCII");
    if (!products.isEmpty()) {
      names.reserve("HVP_DERIVATION");
      names.reserve("HVP_DERIVATION_ASCII");
    }
    for (Parameter p : program.wrtParams()) {
      outputNames.add(names.claim("d" + p.name()));
    }
    if (!products.isEmpty()) {
      for (Parameter p : program.wrtParams()) {
        String name = names.claim("h" + p.name());
        productNames.add(name);
        productOutputs.add(p.matrix()
            ? Buffer.of(name, dims.canonical(Shape.ofParam(p.name())), Buffer.Role.OUTPUT)
            : null);
      }
    }
    for (int w = 0; w < program.wrt().size(); w++) {
      Parameter p = program.wrtParams().get(w);
      outputs.add(p.matrix()
          ? Buffer.of(outputNames.get(w), dims.canonical(Shape.ofParam(p.name())), Buffer.Role.OUTPUT)
          : null);
    }
    List<Integer> unnamed = new ArrayList<>();
    for (int id = 0; id < graph.size(); id++) {
      if (!usage.live(id)) {
        continue;
      }
      Node n = graph.node(id);
      if (n instanceof Node.Param p) {
        buffers.put(id, Buffer.of(p.name(), shape(id), Buffer.Role.PARAM));
      } else if (n instanceof Node.ScalarParam p) {
        scalars.put(id, new ScalarVar(p.name(), ScalarVar.Origin.PARAM));
      } else if (needsStorage(id, loss)) {
        Optional<String> userName = graph.name(id);
        if (userName.isPresent() && !outputFor(id).isPresent() && !productFor(id).isPresent()) {
          assign(id, names.claim(userName.get()));
        } else {
          unnamed.add(id);
        }
      }
    }
    for (int id : unnamed) {
      Optional<Integer> w = outputFor(id);
      Optional<Integer> h = productFor(id);
      if (w.isPresent()) {
        buffers.put(id, outputs.get(w.get()));
      } else if (h.isPresent()) {
        buffers.put(id, productOutputs.get(h.get()));
      } else {
        assign(id, generatedName(id, loss));
      }
    }
  }

  private boolean needsStorage(int id, int loss) {
    return graph.isScalar(id) ? needsScalar(id, loss) : materialised[id];
  }

  /** The wrt index whose output buffer is this node's storage: the first it is the gradient of. */
  private Optional<Integer> outputFor(int id) {
    if (graph.isScalar(id) || !usage.inBackward(id)) {
      return Optional.empty();
    }
    for (int w = 0; w < gradients.size(); w++) {
      if (gradients.get(w) == id) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** The wrt index whose H·v buffer is this node's storage: the first it is the product of. */
  private Optional<Integer> productFor(int id) {
    if (graph.isScalar(id) || !usage.inTangent(id)) {
      return Optional.empty();
    }
    for (int w = 0; w < products.size(); w++) {
      if (products.get(w) == id) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /**
   * A name for a node the user did not name: what it is where that is clear ({@code dot},
   * {@code colSums}, {@code inv}), else {@code t1, t2, …} in the forward pass and {@code g1, g2,
   * …} (gradient terms) in the backward pass, {@code v1, v2, …} (terms of H·v) in the tangent pass.
   */
  private String generatedName(int id, int loss) {
    boolean fwd = usage.inForward(id);
    if (id == loss) {
      return names.fresh("loss");
    }
    String hint = NodeRoles.hint(graph.node(id), fwd);
    if (hint != null) {
      return names.fresh(hint);
    }
    boolean tangent = usage.inTangent(id);
    if (graph.isScalar(id)) {
      return names.numbered(fwd ? "s" : tangent ? "vs" : "gs");
    }
    return names.numbered(fwd ? "t" : tangent ? "v" : "g");
  }

  private void assign(int id, String name) {
    if (graph.isScalar(id)) {
      ScalarVar.Origin kind = usage.neededLater(id) ? ScalarVar.Origin.SHARED : ScalarVar.Origin.LOCAL;
      scalars.put(id, new ScalarVar(name, kind));
    } else {
      Buffer.Role kind = usage.inForward(id) ? Buffer.Role.FORWARD
          : usage.inRest(id) ? Buffer.Role.REST
          : usage.inBackward(id) ? Buffer.Role.BACKWARD : Buffer.Role.TANGENT;
      buffers.put(id, Buffer.of(name, shape(id), kind));
    }
  }
}
