package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
import dev.tracegrad.processor.lower.Step;
import dev.tracegrad.processor.lower.Stored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the private {@code forward} and {@code backward} methods, one commented block per
 * step. Both take every parameter (the backward pass also the outputs) and load what they use
 * into locals first: dimensions as {@code int}s, arrays from {@code data()} or from the scratch
 * fields, and the forward scalars the backward pass reads.
 *
 * <p>The forward pass is its own method so that {@code value} and {@code gradient} share it; its
 * results stay in instance fields, which is how the backward pass reuses them without
 * recomputing.
 *
 * <p>A pass whose code would exceed {@link CodeSize#BOUND}, or whose locals would need slots past
 * 255, is cut between steps into parts {@code forwardPart1}, {@code forwardPart2}, …: private
 * methods that {@code forward} calls in order (the last one returns the loss), each taking the
 * parameters it refers to. Each part loads what it uses like a whole pass does; a scalar or
 * factorisation sign computed in one part and read in a later one goes through an instance field
 * ({@link #crossingFields}). A factorisation and its singularity check stay in one part.
 */
final class PassWriter {
  private final Program program;
  private final LoopProgram loops;
  private final List<String> reserved;
  private final String workspace;
  private final Set<Stored> crossing = new LinkedHashSet<>();
  private final ParamDocs docs;
  private boolean sizesDoubles;
  private boolean sizesInts;
  private boolean usesWorkspace;

  PassWriter(Program program, LoopProgram loops, List<String> reserved, String workspace) {
    this.program = program;
    this.loops = loops;
    this.reserved = reserved;
    this.workspace = workspace;
    this.docs = new ParamDocs(program, loops.gradients());
  }

  /** Whether a pass calls a kernel that takes the workspace, so the class needs the field. */
  boolean usesWorkspace() {
    return usesWorkspace;
  }

  /** Whether a pass allocates {@code double[]} scratch through {@code sized}. */
  boolean sizesDoubles() {
    return sizesDoubles;
  }

  /** Whether a pass allocates {@code int[]} pivots through {@code sized}. */
  boolean sizesInts() {
    return sizesInts;
  }

  /**
   * The scalars ({@code double}) and factorisation signs ({@code int}) that pass from one part
   * of a pass to a later one and have no field yet: the class declares one for each, named as
   * the value is. Known once both passes are written.
   */
  List<Stored> crossingFields() {
    List<Stored> out = new ArrayList<>();
    for (Stored s : crossing) {
      if (s instanceof ScalarVar v && v.kind() != ScalarVar.Origin.SHARED
          || s instanceof LuFactors lu && !lu.shared()) {
        out.add(s);
      }
    }
    return out;
  }

  /** {@code forward}, and its parts when it is long. */
  List<MethodSpec> forward() {
    return pass(new Pass(Kind.FORWARD, Set.of(), Map.of()), loops.forward());
  }

  /** {@code backward}, and its parts when it is long. */
  List<MethodSpec> backward() {
    return pass(new Pass(Kind.BACKWARD, writes(loops.forward()), Map.of()), loops.backward());
  }

  /**
   * {@code backwardRest}, and its parts when it is long: the gradient values Hessian-vector
   * products do not need (none without products, when this is empty).
   */
  List<MethodSpec> rest() {
    if (loops.rest().isEmpty()) {
      return List.of();
    }
    Set<Stored> earlier = new LinkedHashSet<>(writes(loops.forward()));
    earlier.addAll(writes(loops.backward()));
    return pass(new Pass(Kind.REST, earlier, Map.of()), loops.rest());
  }

  /**
   * {@code tangent}, and its parts when it is long: the Hessian-vector products, after the
   * backward pass has written the gradients into the arrays of {@code gradientFields} (by output
   * buffer, the field holding its matrix).
   */
  List<MethodSpec> tangent(Map<Buffer, String> gradientFields) {
    Set<Stored> earlier = new LinkedHashSet<>(writes(loops.forward()));
    earlier.addAll(writes(loops.backward()));
    return pass(new Pass(Kind.TANGENT, earlier, gradientFields), loops.tangent());
  }

  /** The values a pass computes. */
  private static Set<Stored> writes(List<Step> pass) {
    Set<Stored> out = new LinkedHashSet<>();
    for (Step s : pass) {
      out.addAll(s.writes());
    }
    return out;
  }

  /** The passes. */
  enum Kind {
    FORWARD("forward"),
    BACKWARD("backward"),
    TANGENT("tangent"),
    REST("backwardRest");

    private final String method;

    Kind(String method) {
      this.method = method;
    }
  }

  /**
   * One pass being written: which it is, the values earlier passes computed (read from their
   * fields), and the gradient outputs it reads from fields.
   */
  record Pass(Kind kind, Set<Stored> earlier, Map<Buffer, String> outputFields) {
    /** The role of the scratch buffers this pass allocates. */
    Buffer.Role role() {
      return switch (kind) {
        case FORWARD -> Buffer.Role.FORWARD;
        case BACKWARD -> Buffer.Role.BACKWARD;
        case TANGENT -> Buffer.Role.TANGENT;
        case REST -> Buffer.Role.REST;
      };
    }

    boolean forward() {
      return kind == Kind.FORWARD;
    }

    String method() {
      return kind.method;
    }
  }

  private List<MethodSpec> pass(Pass which, List<Step> steps) {
    boolean forward = which.forward();
    List<List<Step>> blocks = blocks(steps);
    List<Measure> measures = measure(which, blocks);
    int size = 0;
    // The whole pass takes every parameter, used or not.
    Map<Object, Integer> slots = new HashMap<>();
    for (Measure m : measures) {
      size += m.size();
      slots.putAll(m.slots());
    }
    parameters(which).forEach(p -> slots.put(p.name(), slotsOf(p)));
    if (blocks.size() >= 2 && (size > CodeSize.BOUND || !fitsSlots(slots.values(), blocks))) {
      return parts(which, partition(blocks, measures));
    }
    MethodContext whole = new MethodContext(new Scope(reserved), which, workspace);
    StepWriter writer = new StepWriter(whole);
    CodeBlock.Builder body = CodeBlock.builder();
    for (List<Step> block : blocks) {
      body.add(write(writer, block));
    }
    if (forward) {
      body.add(lossReturn(whole));
    }
    CodeBlock code = body.build();
    return List.of(finish(which.method(), whole, whole.prologue(), code, forward)
        .addParameters(parameters(which))
        .addJavadoc(switch (which.kind()) {
          case FORWARD -> "The forward pass: computes the loss and keeps what the backward pass reads.\n";
          case BACKWARD -> loops.rest().isEmpty()
              ? "The backward pass: writes every gradient, reading what the forward pass kept.\n"
              : "The backward pass as far as the Hessian-vector products need it, reading what the\n"
                  + "forward pass kept; {@code backwardRest} completes the gradients.\n";
          case REST -> "The rest of the backward pass: the gradient values the Hessian-vector products do not\n"
              + "need, which their buffer form skips.\n";
          case TANGENT -> "The tangent pass: writes every Hessian-vector product, reading what the forward and\n"
              + "backward passes kept.\n";
        })
        .addJavadoc(tags(parameters(which), forward))
        .build());
  }

  /** A block's estimated bytes of code (its prologue's included) and its slots. */
  private record Measure(int size, Map<Object, Integer> slots) {}

  /**
   * Each block written on its own, with a context of its own, and measured (the forward pass's
   * last block with the loss). A pass's size is the sum of its blocks': the loads their
   * prologues share are counted once per block, which errs on the safe side.
   */
  private List<Measure> measure(Pass which, List<List<Step>> blocks) {
    boolean forward = which.forward();
    List<Measure> out = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      MethodContext ctx = new MethodContext(new Scope(reserved), which, workspace, Set.of(),
          Set.of(), new LinkedHashSet<>());
      CodeBlock.Builder code = CodeBlock.builder().add(write(new StepWriter(ctx), blocks.get(b)));
      if (forward && b == blocks.size() - 1) {
        code.add(lossReturn(ctx));
      }
      int size = CodeSize.estimate(code.build()) + CodeSize.estimate(ctx.prologue());
      out.add(new Measure(size, ctx.slots()));
    }
    return out;
  }

  /**
   * Consecutive blocks grouped into parts, each within {@link CodeSize#BOUND} and with its
   * parameters and locals in the first {@link #SLOTS} slots (past slot 255 every load and
   * store takes a wide instruction of twice the length).
   */
  private static List<List<List<Step>>> partition(List<List<Step>> blocks, List<Measure> measures) {
    List<List<List<Step>>> parts = new ArrayList<>();
    List<List<Step>> current = new ArrayList<>();
    Map<Object, Integer> currentSlots = new HashMap<>();
    int size = 0;
    for (int b = 0; b < blocks.size(); b++) {
      List<Step> block = blocks.get(b);
      Measure m = measures.get(b);
      Map<Object, Integer> joined = new HashMap<>(currentSlots);
      joined.putAll(m.slots());
      List<List<Step>> joinedBlocks = new ArrayList<>(current);
      joinedBlocks.add(block);
      if (!current.isEmpty()
          && (size + m.size() > CodeSize.BOUND || !fitsSlots(joined.values(), joinedBlocks))) {
        parts.add(current);
        current = new ArrayList<>();
        joined = new HashMap<>(m.slots());
        size = 0;
      }
      current.add(block);
      currentSlots = joined;
      size += m.size();
    }
    parts.add(current);
    return parts;
  }

  /**
   * Slots a method may fill with parameters and the locals its prologue and its steps' values
   * declare, leaving room below 256 for loop indices and temporaries (and {@code this}).
   */
  private static final int SLOTS = 224;

  /** Whether these slots, and those of the values the blocks compute, stay within {@link #SLOTS}. */
  private static boolean fitsSlots(Iterable<Integer> slots, List<List<Step>> blocks) {
    int total = 0;
    for (int s : slots) {
      total += s;
    }
    for (List<Step> block : blocks) {
      for (Step step : block) {
        for (Stored o : step.writes()) {
          total += o instanceof ScalarVar ? 2 : o instanceof LuFactors ? 1 : 0;
        }
      }
    }
    return total <= SLOTS;
  }

  private static int slotsOf(ParameterSpec p) {
    return p.type().equals(TypeName.DOUBLE) ? 2 : 1;
  }

  /** The entry method calling each part in order, then the parts. */
  private List<MethodSpec> parts(Pass which, List<List<List<Step>>> parts) {
    boolean forward = which.forward();
    String pass = which.method();
    List<Set<Stored>> from = new ArrayList<>();
    List<Set<Stored>> to = new ArrayList<>();
    crossingValues(forward, parts, from, to);
    Set<Buffer> allocated = new LinkedHashSet<>();
    List<MethodSpec> methods = new ArrayList<>();
    CodeBlock.Builder calls = CodeBlock.builder();
    for (int p = 0; p < parts.size(); p++) {
      String partName = pass + "Part" + (p + 1);
      boolean last = p == parts.size() - 1;
      MethodContext ctx = new MethodContext(new Scope(reserved), which, workspace, from.get(p),
          to.get(p), allocated);
      StepWriter writer = new StepWriter(ctx);
      CodeBlock.Builder body = CodeBlock.builder();
      for (List<Step> block : parts.get(p)) {
        body.add(write(writer, block));
      }
      if (forward && last) {
        body.add(lossReturn(ctx));
      }
      MethodSpec.Builder m = finish(partName, ctx, ctx.prologue(), body.build(), forward && last);
      // A part takes only the parameters its code refers to, in the pass's order.
      List<String> args = new ArrayList<>();
      for (ParameterSpec param : parameters(which)) {
        if (ctx.uses(param.name())) {
          m.addParameter(param);
          args.add(param.name());
        }
      }
      calls.addStatement(forward && last ? "return $L($L)" : "$L($L)", partName, String.join(", ", args));
      List<List<Step>> blocks = parts.get(p);
      methods.add(m
          .addJavadoc("Part $L of $L of the $L pass, from $L to $L.\n", p + 1, parts.size(), pass,
              JavaText.javadoc(comment(blocks.get(0).get(0), true)),
              JavaText.javadoc(comment(blocks.get(blocks.size() - 1).get(0), false)))
          .addJavadoc(tags(m.build().parameters(), forward && last))
          .build());
    }
    MethodSpec.Builder entry = MethodSpec.methodBuilder(pass)
        .addModifiers(Modifier.PRIVATE)
        .addParameters(parameters(which))
        .addCode(calls.build());
    if (which.kind() == Kind.TANGENT) {
      entry.addJavadoc("The tangent pass, in $L parts of bounded size: writes every Hessian-vector product,\n",
              parts.size())
          .addJavadoc("reading what the forward and backward passes kept.\n");
    } else if (which.kind() == Kind.REST) {
      entry.addJavadoc("The rest of the backward pass, in $L parts of bounded size: the gradient values the\n",
              parts.size())
          .addJavadoc("Hessian-vector products do not need, which their buffer form skips.\n");
    } else if (forward) {
      entry.returns(TypeName.DOUBLE)
          .addJavadoc("The forward pass, in $L parts of bounded size: computes the loss and keeps what\n",
              parts.size())
          .addJavadoc("the backward pass reads.\n");
    } else {
      entry.addJavadoc("The backward pass, in $L parts of bounded size: writes every gradient, reading what\n",
              parts.size())
          .addJavadoc("the forward pass kept.\n");
    }
    methods.add(0, entry.addJavadoc(tags(parameters(which), forward)).build());
    return methods;
  }

  /**
   * For each part, the values it reads that an earlier part of the pass computed ({@code from})
   * and the values it computes that a later part reads ({@code to}); every such value is
   * recorded in {@link #crossing}. Values are scalars and, for the steps that read the sign,
   * factorisations; buffers live in fields anyway.
   */
  private void crossingValues(boolean forward, List<List<List<Step>>> parts,
      List<Set<Stored>> from, List<Set<Stored>> to) {
    Map<Stored, Integer> writtenIn = new HashMap<>();
    for (int p = 0; p < parts.size(); p++) {
      from.add(new LinkedHashSet<>());
      to.add(new LinkedHashSet<>());
      for (List<Step> block : parts.get(p)) {
        for (Step s : block) {
          for (Stored r : valuesRead(s)) {
            Integer w = writtenIn.get(r);
            if (w != null && w < p) {
              from.get(p).add(r);
              to.get(w).add(r);
              crossing.add(r);
            }
          }
          for (Stored o : s.writes()) {
            writtenIn.put(o, p);
          }
        }
      }
    }
    if (forward) {
      int last = parts.size() - 1;
      for (ScalarVar v : loops.loss().scalars()) {
        Integer w = writtenIn.get(v);
        if (w != null && w < last) {
          from.get(last).add(v);
          to.get(w).add(v);
          crossing.add(v);
        }
      }
    }
  }

  /** The scalars a step reads, and the factorisation whose sign it reads. */
  private static Set<Stored> valuesRead(Step s) {
    Set<Stored> out = new LinkedHashSet<>();
    for (Stored r : s.reads()) {
      if (r instanceof ScalarVar v && v.kind() != ScalarVar.Origin.PARAM) {
        out.add(r);
      } else if (r instanceof LuFactors
          && (s instanceof Step.Determinant || s instanceof Step.RequireNonSingular)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Steps grouped so that a singularity check stays with the factorisation above it. */
  private static List<List<Step>> blocks(List<Step> pass) {
    List<List<Step>> blocks = new ArrayList<>();
    for (Step s : pass) {
      if (s instanceof Step.RequireNonSingular && !blocks.isEmpty()) {
        blocks.get(blocks.size() - 1).add(s);
      } else {
        blocks.add(new ArrayList<>(List.of(s)));
      }
    }
    return blocks;
  }

  /** A block of steps, each after a blank line but for a singularity check. */
  private static CodeBlock write(StepWriter writer, List<Step> block) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Step s : block) {
      if (!(s instanceof Step.RequireNonSingular)) {
        b.add("\n");
      }
      b.add(writer.write(s));
    }
    return b.build();
  }

  /** The loss, a scalar expression: reads in it are of 1×1 matrices, at index 0. */
  private CodeBlock lossReturn(MethodContext ctx) {
    CodeBlock.Builder temps = CodeBlock.builder();
    CodeBlock loss = new ExprWriter(ctx, r -> ctx.array(r.buffer()) + "[0]", x -> "0", false, temps)
        .write(loops.loss());
    return CodeBlock.builder().add("\n").add(temps.build()).addStatement("return $L", loss).build();
  }

  /** The first output's comment of a step (or of its last output, for the end of a part). */
  private static String comment(Step s, boolean first) {
    if (s instanceof Step.Loop l) {
      return l.outputs().get(first ? 0 : l.outputs().size() - 1).comment();
    } else if (s instanceof Step.Product p) {
      return p.comment();
    } else if (s instanceof Step.Factor f) {
      return f.comment();
    } else if (s instanceof Step.RequireNonSingular r) {
      return r.what() + " is not singular";
    } else if (s instanceof Step.Determinant d) {
      return d.comment();
    } else if (s instanceof Step.LogDeterminant d) {
      return d.comment();
    } else if (s instanceof Step.Inverse x) {
      return x.comment();
    } else if (s instanceof Step.LuSolve x) {
      return x.comment();
    } else if (s instanceof Step.ColumnSoftmax x) {
      return x.comment();
    } else if (s instanceof Step.Indexed x) {
      return x.comment();
    } else if (s instanceof Step.Assign a) {
      return a.comment();
    }
    return ((Step.ScalarOutput) s).comment();
  }

  /** The {@code @param} tags of a pass method, and {@code @return} when it returns the loss. */
  private CodeBlock tags(List<ParameterSpec> params, boolean returnsLoss) {
    if (params.isEmpty() && !returnsLoss) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder().add("\n").add(docs.tags(params))
        .add(returnsLoss ? "@return the loss\n" : "").build();
  }

  /**
   * The pass's parameters: the annotated method's; for the backward pass the gradient outputs;
   * for the tangent pass the directions and the H·v outputs.
   */
  private List<ParameterSpec> parameters(Pass which) {
    List<ParameterSpec> out = new ArrayList<>();
    program.params().forEach(p ->
        out.add(ParameterSpec.builder(Types.leaf(p), p.name()).build()));
    if (which.kind() == Kind.BACKWARD || which.kind() == Kind.REST) {
      for (LoopProgram.Gradient g : loops.gradients()) {
        out.add(ParameterSpec.builder(g.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, g.name()).build());
      }
    } else if (which.kind() == Kind.TANGENT) {
      loops.directions().forEach(p ->
          out.add(ParameterSpec.builder(p.matrix() ? Types.MATRIX : TypeName.DOUBLE, p.name()).build()));
      for (LoopProgram.Gradient g : loops.products()) {
        out.add(ParameterSpec.builder(g.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, g.name()).build());
      }
    }
    return out;
  }

  /**
   * The method, without parameters, with its prologue, which exists only once the steps have
   * recorded their needs ({@link MethodContext#prologue} is called once per context: it sizes
   * each buffer once).
   */
  private MethodSpec.Builder finish(String name, MethodContext ctx,
      CodeBlock prologue, CodeBlock steps, boolean returnsLoss) {
    sizesDoubles |= ctx.sizesDoubles();
    sizesInts |= ctx.sizesInts();
    usesWorkspace |= ctx.usesWorkspace();
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addCode(prologue)
        .addCode(steps);
    return returnsLoss ? m.returns(TypeName.DOUBLE) : m;
  }
}
