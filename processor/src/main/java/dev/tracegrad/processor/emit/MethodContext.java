package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
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
 */
final class MethodContext {
  private final Scope scope;
  private final boolean forward;
  private final Map<Dim, String> dims = new LinkedHashMap<>();
  private final Map<Buffer, String> arrays = new LinkedHashMap<>();
  private final Set<ScalarVar> loadedScalars = new LinkedHashSet<>();
  private final Set<LuFactors> loadedSigns = new LinkedHashSet<>();
  private final String workspace;
  private boolean sizesDoubles;
  private boolean sizesInts;
  private boolean usesWorkspace;

  /**
   * @param workspace the name of the instance's product workspace field, free of every name the
   *     program uses
   */
  MethodContext(Scope scope, boolean forward, String workspace) {
    this.scope = scope;
    this.forward = forward;
    this.workspace = workspace;
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

  /** The {@code int} local holding a dimension ({@code "1"} for the constant). */
  String dim(Dim d) {
    if (d.equals(Dim.ONE)) {
      return "1";
    }
    Dim.Of of = (Dim.Of) d;
    String suffix = of.axis() == Axis.ROWS ? "Rows" : "Cols";
    return dims.computeIfAbsent(d, k -> scope.unique(UniqueNames.identifier(of.param()) + suffix));
  }

  /** The local array of a buffer: {@code WData} for an argument, the field's own name for scratch. */
  String array(Buffer b) {
    return arrays.computeIfAbsent(b, k -> k.kind().scratch() ? k.name() : scope.unique(k.name() + "Data"));
  }

  /** A scalar's local; a forward value read by the backward pass is loaded from its field. */
  String scalar(ScalarVar v) {
    if (!forward && v.kind() == ScalarVar.Origin.SHARED) {
      loadedScalars.add(v);
    }
    return v.name();
  }

  /** The local holding a factorisation's sign; loaded from its field in the backward pass. */
  String sign(LuFactors lu) {
    if (!forward && lu.shared()) {
      loadedSigns.add(lu);
    }
    return lu.sign();
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
      if (!b.kind().scratch()) {
        buffers.addStatement("double[] $L = $L.data()", local, b.name());
      } else if (b.kind() == (forward ? Buffer.Role.FORWARD : Buffer.Role.BACKWARD)) {
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
      Dim.Of d = (Dim.Of) e.getKey();
      out.addStatement("int $L = $L.$L()", e.getValue(), d.param(), d.axis().accessor());
    }
    return out.add(buffers.build()).build();
  }
}
