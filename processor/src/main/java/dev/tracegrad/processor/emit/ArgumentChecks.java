package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import dev.tracegrad.processor.lower.LoopProgram;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the argument checks that run before any work, in the contract's order: nulls, the
 * program's shape checks, output buffer shapes, aliasing. Failure paths may concatenate strings;
 * the success path allocates nothing. Each check is a statement of its own or one runtime call,
 * so the checks' code grows linearly with the number of parameters and can be cut into methods
 * of bounded size ({@link CodeSize}).
 */
final class ArgumentChecks {
  private ArgumentChecks() {}

  /** {@code Checks.nonNull(x, "x")} for every Matrix parameter. */
  static CodeBlock nullChecks(List<Parameter> params) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Parameter p : params) {
      if (p.matrix()) {
        b.addStatement("$T.nonNull($L, $L)", Types.CHECKS, p.name(), JavaText.stringLiteral(p.name()));
      }
    }
    return b.build();
  }

  /**
   * The shape checks that are not implied by earlier ones: replayed through fresh {@link Dims},
   * a check whose equality is already known adds nothing.
   */
  static List<ShapeCheck> needed(List<ShapeCheck> checks) {
    Dims known = new Dims();
    List<ShapeCheck> out = new ArrayList<>();
    for (ShapeCheck c : checks) {
      if (known.unify(c.a(), c.b())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The body of {@code checkShapes}: one {@code if} per needed check. */
  static List<CodeBlock> shapeChecks(List<ShapeCheck> checks) {
    List<CodeBlock> out = new ArrayList<>();
    for (ShapeCheck c : checks) {
      CodeBlock.Builder b = CodeBlock.builder();
      b.beginControlFlow("if ($L != $L)", extent(c.a()), extent(c.b()));
      if (c.unary()) {
        // "op: A is R×C (rule)"
        b.addStatement("throw new $T($L + $L + $L + $L + $L)", Types.ILLEGAL_ARGUMENT,
            JavaText.stringLiteral(c.op() + ": " + c.left() + " is "),
            extent(c.leftShape().rows()), JavaText.stringLiteral("\u00d7"),
            extent(c.leftShape().cols()), JavaText.stringLiteral(" (" + c.rule() + ")"));
      } else {
        Shape l = c.leftShape();
        Shape r = c.rightShape();
        b.addStatement("throw $T.shapeMismatch($L, $L, $L, $L, $L, $L, $L, $L)", Types.CHECKS,
            JavaText.stringLiteral(c.op()), JavaText.stringLiteral(c.left()), extent(l.rows()),
            extent(l.cols()), JavaText.stringLiteral(c.right()), extent(r.rows()),
            extent(r.cols()), JavaText.stringLiteral(c.rule()));
      }
      b.endControlFlow();
      out.add(b.build());
    }
    return out;
  }

  /**
   * The names of the members behind the aliasing checks of the buffer overload, each free of
   * every name of the program: an instance array holding the Matrix outputs and then the Matrix
   * arguments while they are checked, a constant array of their names, and the same pair for
   * the {@code double[]} outputs.
   */
  record AliasNames(String matrices, String matrixNames, String arrays, String arrayNames) {
    static AliasNames in(Scope members) {
      return new AliasNames(members.unique("outputsAndArguments"),
          members.unique("OUTPUT_AND_ARGUMENT_NAMES"), members.unique("arrayOutputs"),
          members.unique("ARRAY_OUTPUT_NAMES"));
    }
  }

  /** The Matrix outputs, then the Matrix arguments: what {@code Checks.notAliased} compares. */
  private static List<String> aliasMatrices(List<LoopProgram.Gradient> outputs, List<String> matrixArgs) {
    List<String> out = new ArrayList<>();
    for (LoopProgram.Gradient g : outputs) {
      if (g.buffer() != null) {
        out.add(g.name());
      }
    }
    if (out.isEmpty()) {
      return out;
    }
    // the caller's matrices (data the prologue computes is the method's own)
    out.addAll(matrixArgs);
    return out;
  }

  /** The {@code double[]} outputs, when there are two or more to tell apart. */
  private static List<String> aliasArrays(List<LoopProgram.Gradient> outputs) {
    List<String> out = new ArrayList<>();
    for (LoopProgram.Gradient g : outputs) {
      if (g.buffer() == null) {
        out.add(g.name());
      }
    }
    return out.size() < 2 ? List.of() : out;
  }

  private static int matrixOutputs(List<LoopProgram.Gradient> outputs) {
    return (int) outputs.stream().filter(g -> g.buffer() != null).count();
  }

  /**
   * The fields the aliasing checks use: per instance, so the check allocates nothing; the
   * arrays hold the caller's matrices only during the check ({@code Checks} clears them).
   */
  static List<FieldSpec> aliasFields(Program program, LoopProgram loops, AliasNames names) {
    return aliasFields(loops.gradients(), declaredMatrices(program), names, "gradient");
  }

  /** The declared Matrix parameters' names, in order: the caller's matrices. */
  static List<String> declaredMatrices(Program program) {
    return program.declared().stream().filter(DeclaredParameter::matrix).map(DeclaredParameter::name).toList();
  }

  /**
   * {@link #aliasFields(Program, LoopProgram, AliasNames)} for the outputs of a method whose
   * Matrix arguments are {@code matrixArgs}, named in the fields' comments by {@code method}.
   */
  static List<FieldSpec> aliasFields(List<LoopProgram.Gradient> outputs, List<String> matrixArgs,
      AliasNames names, String method) {
    List<FieldSpec> out = new ArrayList<>();
    List<String> matrices = aliasMatrices(outputs, matrixArgs);
    if (!matrices.isEmpty()) {
      out.add(FieldSpec.builder(ArrayTypeName.of(Types.MATRIX), names.matrices(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The output buffers, then the Matrix arguments, while the buffer-taking $L checks that\n", method)
          .addJavadoc("no output shares storage with another matrix; empty between calls.\n")
          .initializer("new $T[$L]", Types.MATRIX, matrices.size())
          .build());
      out.add(namesField(names.matrixNames(), "The parameter names of the matrices in $L, in order.\n",
          names.matrices(), matrices));
    }
    List<String> arrays = aliasArrays(outputs);
    if (!arrays.isEmpty()) {
      out.add(FieldSpec.builder(ArrayTypeName.of(Types.DOUBLE_ARRAY), names.arrays(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The double[] outputs while the buffer-taking $L checks that they are distinct arrays;\n", method)
          .addJavadoc("empty between calls.\n")
          .initializer("new double[$L][]", arrays.size())
          .build());
      out.add(namesField(names.arrayNames(), "The parameter names of the arrays in $L, in order.\n",
          names.arrays(), arrays));
    }
    return out;
  }

  private static FieldSpec namesField(String name, String doc, String of, List<String> values) {
    CodeBlock.Builder init = CodeBlock.builder().add("{");
    for (int i = 0; i < values.size(); i++) {
      init.add(i == 0 ? "" : ", ").add("$L", JavaText.stringLiteral(values.get(i)));
    }
    return FieldSpec.builder(ArrayTypeName.of(Types.STRING), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(doc, of)
        .initializer(init.add("}").build())
        .build();
  }

  /**
   * Shape checks of the caller's gradient buffers, then one aliasing check for all of them: the
   * code grows linearly with the number of outputs and arguments (a check per pair grew with
   * their product, past the JVM's 64 KB per method at about 60 outputs).
   */
  static List<CodeBlock> outputChecks(Program program, LoopProgram loops, AliasNames names,
      CodeBlock instance) {
    return outputChecks(loops.gradients(), declaredMatrices(program), names, instance);
  }

  /**
   * {@link #outputChecks(Program, LoopProgram, AliasNames, CodeBlock)} for these outputs and
   * Matrix arguments; {@code instance} reaches the fields ({@code this}, or {@code Outer.this}).
   */
  static List<CodeBlock> outputChecks(List<LoopProgram.Gradient> outputs, List<String> matrixArgs,
      AliasNames names, CodeBlock instance) {
    List<CodeBlock> out = new ArrayList<>();
    for (LoopProgram.Gradient g : outputs) {
      String param = g.param().name();
      CodeBlock.Builder b = CodeBlock.builder();
      if (g.buffer() != null) {
        b.addStatement("$T.outputShape($L, $L, $L.rows(), $L.cols(), $L)", Types.CHECKS, g.name(),
            JavaText.stringLiteral(g.name()), param, param, JavaText.stringLiteral(param));
      } else {
        b.beginControlFlow("if ($L.length < 1)", g.name());
        b.addStatement("throw new $T($L + $L.length)", Types.ILLEGAL_ARGUMENT,
            JavaText.stringLiteral(g.name() + " must have length at least 1 but has length "),
            g.name());
        b.endControlFlow();
      }
      out.add(b.build());
    }
    List<String> matrices = aliasMatrices(outputs, matrixArgs);
    if (!matrices.isEmpty()) {
      CodeBlock.Builder b = CodeBlock.builder();
      for (int i = 0; i < matrices.size(); i++) {
        b.addStatement("$L.$L[$L] = $L", instance, names.matrices(), i, matrices.get(i));
      }
      out.add(b.addStatement("$T.notAliased($L.$L, $L, $L)", Types.CHECKS, instance, names.matrices(),
          matrixOutputs(outputs), names.matrixNames()).build());
    }
    List<String> arrays = aliasArrays(outputs);
    if (!arrays.isEmpty()) {
      // One array shared by two outputs would let the second write overwrite the first.
      CodeBlock.Builder b = CodeBlock.builder();
      for (int i = 0; i < arrays.size(); i++) {
        b.addStatement("$L.$L[$L] = $L", instance, names.arrays(), i, arrays.get(i));
      }
      out.add(b.addStatement("$T.distinctArrays($L.$L, $L)", Types.CHECKS, instance, names.arrays(),
          names.arrayNames()).build());
    }
    return out;
  }

  /** {@code W.rows()}, {@code 1}, {@code 3}, or a size read from a data value (checked). */
  private static CodeBlock extent(Dim d) {
    if (d instanceof Dim.Fixed f) {
      return CodeBlock.of("$L", f.n());
    }
    if (d instanceof Dim.Of of) {
      return CodeBlock.of("$L.$L()", of.param(), of.axis().accessor());
    }
    if (d instanceof Dim.DataValue v) {
      return CodeBlock.of("$T.size($L, $L)", Types.CHECKS, v.name(), JavaText.stringLiteral(v.name()));
    }
    if (d instanceof Dim.Length v) {
      return CodeBlock.of("$L.length", v.array());
    }
    return CodeBlock.of("1");
  }
}
