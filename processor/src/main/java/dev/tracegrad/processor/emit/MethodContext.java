package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
import dev.tracegrad.processor.lower.Stored;
import dev.tracegrad.processor.lower.UniqueNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emit stage: what one pass method ({@code forward} or {@code backward}) refers to, recorded while
 * its steps are written, so that its prologue declares exactly that: the dimensions as
 * {@code int}s, the arguments' arrays, the scratch buffers (allocated or reused), and the forward
 * values a backward pass reads from fields.
 *
 * <p>A pass too long for one method is written as several parts ({@link CodeSize}), each with a
 * context of its own. A scalar or factorisation sign that one part computes and a later part
 * reads then lives in an instance field as well, like the forward values of the backward pass,
 * and each scratch buffer is sized only by the first part that refers to it.
 */
final class MethodContext {
  private final Scope scope;
  private final Buffer.Role role;
  private final Set<Stored> earlier;
  private final Map<Buffer, String> outputFields;
  private final Map<Dim, String> dims = new LinkedHashMap<>();
  private final Map<Buffer, String> arrays = new LinkedHashMap<>();
  private final Set<ScalarVar> loadedScalars = new LinkedHashSet<>();
  private final Set<LuFactors> loadedSigns = new LinkedHashSet<>();
  private final String workspace;
  private final Set<Stored> fromFields;
  private final Set<Stored> toFields;
  private final Set<Buffer> allocated;
  /** The parameters the method's code refers to, with the local slots each takes. */
  private final Map<String, Integer> parameters = new LinkedHashMap<>();
  private boolean sizesDoubles;
  private boolean sizesInts;
  private boolean usesWorkspace;

  /**
   * @param workspace the name of the instance's product workspace field, free of every name the
   *     program uses
   */
  MethodContext(Scope scope, PassWriter.Pass pass, String workspace) {
    this(scope, pass, workspace, Set.of(), Set.of(), new LinkedHashSet<>());
  }

  /**
   * The context of one part of a pass written as several methods.
   *
   * @param fromFields scalars and factorisations an earlier part computed, loaded from fields
   * @param toFields scalars and factorisations this part computes for a later part, also stored
   *     in fields
   * @param allocated the scratch buffers earlier parts of the pass have sized, shared by the
   *     parts and added to by this one
   */
  MethodContext(Scope scope, PassWriter.Pass pass, String workspace, Set<Stored> fromFields,
      Set<Stored> toFields, Set<Buffer> allocated) {
    this.scope = scope;
    this.role = pass.role();
    this.earlier = pass.earlier();
    this.outputFields = pass.outputFields();
    this.workspace = workspace;
    this.fromFields = fromFields;
    this.toFields = toFields;
    this.allocated = allocated;
  }

  /** The kernels' workspace, as {@code this.name} (a parameter may share the name). */
  String workspace() {
    usesWorkspace = true;
    return "this." + workspace;
  }

  /** Whether a step of this pass called a kernel that takes the workspace. */
  boolean usesWorkspace() {
    return usesWorkspace;
  }

  Scope scope() {
    return scope;
  }

  /**
   * The {@code int} local holding a dimension ({@code "1"} and other constants as literals; a
   * size read from a data value is checked where its local is declared).
   */
  String dim(Dim d) {
    if (d instanceof Dim.Fixed f) {
      return Integer.toString(f.n());
    }
    if (d instanceof Dim.Of of) {
      parameters.put(of.param(), 1);
      String suffix = of.axis() == Axis.ROWS ? "Rows" : "Cols";
      return dims.computeIfAbsent(d, k -> scope.unique(UniqueNames.identifier(of.param()) + suffix));
    }
    if (d instanceof Dim.DataValue v) {
      parameters.put(v.name(), 2);
      return dims.computeIfAbsent(d, k -> scope.unique(UniqueNames.identifier(v.name()) + "Size"));
    }
    if (d instanceof Dim.Length v) {
      parameters.put(v.array(), 1);
      return dims.computeIfAbsent(d, k -> scope.unique(UniqueNames.identifier(v.array()) + "Length"));
    }
    return "1";
  }

  /** An {@code int[]} index array the pass takes as a parameter of that name. */
  String index(String name) {
    parameters.put(name, 1);
    return name;
  }

  /**
   * The local array of a buffer: {@code WData} for an argument, the field's own name for scratch.
   * A gradient output the tangent pass reads comes from the field that holds it then.
   */
  String array(Buffer b) {
    if (!b.kind().scratch() && !outputFields.containsKey(b)) {
      parameters.put(b.name(), 1);
    }
    return arrays.computeIfAbsent(b, k -> k.kind().scratch() ? k.name() : scope.unique(k.name() + "Data"));
  }

  /** A scalar's local; a value of an earlier pass (or part) is loaded from its field. */
  String scalar(ScalarVar v) {
    if (v.kind() == ScalarVar.Origin.PARAM) {
      parameters.put(v.name(), 2);
    }
    if (earlier.contains(v) || fromFields.contains(v)) {
      loadedScalars.add(v);
    }
    return v.name();
  }

  /** The local holding a factorisation's sign; loaded from its field in a later pass. */
  String sign(LuFactors lu) {
    if (earlier.contains(lu) || fromFields.contains(lu)) {
      loadedSigns.add(lu);
    }
    return lu.sign();
  }

  /** A {@code double[]} output parameter, written at element 0. */
  String output(String name) {
    parameters.put(name, 1);
    return name;
  }

  /** Whether the code written so far refers to the parameter (or output) of this name. */
  boolean uses(String parameter) {
    return parameters.containsKey(parameter);
  }

  /**
   * The local variable slots of the method so far, by what they hold: the parameters its code
   * refers to, and the locals its prologue declares (dimensions, arrays, loaded values). Call
   * after {@link #prologue}. Locals the steps declare themselves are not included.
   */
  Map<Object, Integer> slots() {
    Map<Object, Integer> out = new LinkedHashMap<>(parameters);
    dims.keySet().forEach(d -> out.put(d, 1));
    arrays.keySet().forEach(b -> out.put(b, 1));
    loadedScalars.forEach(v -> out.put(v, 2));
    loadedSigns.forEach(lu -> out.put(lu, 1));
    return out;
  }

  /** Whether the step computing this scalar also stores it in its field for a later reader. */
  boolean keepsInField(ScalarVar v) {
    return v.kind() == ScalarVar.Origin.SHARED || toFields.contains(v);
  }

  /** Whether the factorisation step also stores its sign in its field for a later reader. */
  boolean keepsInField(LuFactors lu) {
    return lu.shared() || toFields.contains(lu);
  }

  /** Whether the {@code sized(double[], int, int)} helper was called. */
  boolean sizesDoubles() {
    return sizesDoubles;
  }

  /** Whether the {@code sized(int[], int)} helper was called. */
  boolean sizesInts() {
    return sizesInts;
  }

  /**
   * The method's opening declarations. Written after the steps (which record what they use), and
   * the buffers before the dimensions, because allocations refer to dimensions too.
   */
  CodeBlock prologue() {
    CodeBlock.Builder buffers = CodeBlock.builder();
    List<Map.Entry<Buffer, String>> entries = new ArrayList<>(arrays.entrySet());
    entries.sort(Comparator.comparingInt(e -> e.getKey().kind().ordinal()));
    for (Map.Entry<Buffer, String> e : entries) {
      Buffer b = e.getKey();
      String local = e.getValue();
      boolean ints = b.type() == Buffer.Type.INT;
      if (outputFields.containsKey(b)) {
        buffers.addStatement("double[] $L = this.$L.data()", local, outputFields.get(b));
      } else if (!b.kind().scratch()) {
        buffers.addStatement("double[] $L = $L.data()", local, b.name());
      } else if (b.kind() == role && allocated.add(b)) {
        sizesDoubles |= !ints;
        sizesInts |= ints;
        CodeBlock size = ints
            ? CodeBlock.of("$L", dim(b.shape().rows()))
            : CodeBlock.of("$L, $L", dim(b.shape().rows()), dim(b.shape().cols()));
        buffers.addStatement("$L[] $L = this.$L = sized(this.$L, $L)",
            ints ? "int" : "double", local, b.name(), b.name(), size);
      } else {
        buffers.addStatement("$L[] $L = this.$L", ints ? "int" : "double", local, b.name());
      }
    }
    for (ScalarVar v : loadedScalars) {
      buffers.addStatement("double $L = this.$L", v.name(), v.name());
    }
    for (LuFactors lu : loadedSigns) {
      buffers.addStatement("int $L = this.$L", lu.sign(), lu.sign());
    }
    CodeBlock.Builder out = CodeBlock.builder();
    for (Map.Entry<Dim, String> e : dims.entrySet()) {
      if (e.getKey() instanceof Dim.DataValue v) {
        out.addStatement("int $L = $T.size($L, $L)", e.getValue(), Types.CHECKS, v.name(),
            JavaText.stringLiteral(v.name()));
      } else if (e.getKey() instanceof Dim.Length v) {
        out.addStatement("int $L = $L.length", e.getValue(), v.array());
      } else {
        Dim.Of d = (Dim.Of) e.getKey();
        out.addStatement("int $L = $L.$L()", e.getValue(), d.param(), d.axis().accessor());
      }
    }
    return out.add(buffers.build()).build();
  }
}
