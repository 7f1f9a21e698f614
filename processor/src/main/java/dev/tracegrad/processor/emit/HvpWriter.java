package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.UniqueNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the Hessian-vector product surface of a class generated with {@code hvp = true}:
 * {@code hvp(parameters, directions)} returning the {@code Hvp} record, the buffer overload
 * {@code hvp(parameters, directions, outputs)} that writes H·v only, and the fields behind them.
 *
 * <p>Both overloads run the same code: the buffer overload checks every argument (nulls, the
 * loss's shape checks, each direction against its parameter, the outputs' shapes, aliasing),
 * then runs the forward pass, the backward pass into gradient matrices the instance keeps (so
 * the caller passes no gradient buffers, and after warm-up nothing is allocated), and the
 * tangent pass into the caller's buffers. The allocating overload allocates the outputs, calls
 * the buffer overload, and copies the kept gradients into the record: the same bits.
 *
 * <p>When some gradient values are not needed for the products (the loop program's rest of the
 * backward pass), the buffer overload skips them: both overloads then call a private method
 * that runs {@code backwardRest} only for the record.
 */
final class HvpWriter {
  /** The private method behind both overloads when the buffer overload skips gradient values. */
  private static final String RUN = "hessianVectorProducts";

  private final Program program;
  private final LoopProgram loops;
  private final ClassName self;
  private final List<String> reserved;
  private final ParamDocs docs;
  private final ArgumentChecks.AliasNames aliasing;
  /** Per gradient output, the field that keeps it between the backward and the tangent pass. */
  private final Map<LoopProgram.Gradient, String> gradientFields = new LinkedHashMap<>();

  HvpWriter(Program program, LoopProgram loops, ClassName self, List<String> reserved, Scope members) {
    this.program = program;
    this.loops = loops;
    this.self = self;
    this.reserved = reserved;
    this.docs = new ParamDocs(program, loops.gradients()).withProducts(loops);
    this.aliasing = new ArgumentChecks.AliasNames(members.unique("hvpOutputsAndArguments"),
        members.unique("HVP_OUTPUT_AND_ARGUMENT_NAMES"), members.unique("hvpArrayOutputs"),
        members.unique("HVP_ARRAY_OUTPUT_NAMES"));
    for (LoopProgram.Gradient g : loops.gradients()) {
      gradientFields.put(g, members.unique("hvp" + UniqueNames.capitalised(UniqueNames.identifier(g.name()))));
    }
  }

  /** The fields holding the gradients of the last hvp call, by output buffer, for the tangent pass. */
  Map<Buffer, String> gradientBuffers() {
    Map<Buffer, String> out = new LinkedHashMap<>();
    gradientFields.forEach((g, field) -> {
      if (g.buffer() != null) {
        out.put(g.buffer(), field);
      }
    });
    return out;
  }

  /** The parameters of every hvp method: the annotated method's, as declared, then the directions. */
  private List<ParameterSpec> parameters() {
    List<ParameterSpec> out = new ArrayList<>(DataCode.parameters(program));
    out.addAll(specs(loops.directions()));
    return out;
  }

  /** The caller's matrices among the arguments: the declared ones, then the directions. */
  private List<String> matrixArguments() {
    List<String> out = new ArrayList<>(ArgumentChecks.declaredMatrices(program));
    loops.directions().stream().filter(Parameter::matrix).forEach(v -> out.add(v.name()));
    return out;
  }

  /** Null checks of the declared Matrix parameters, then of the Matrix directions. */
  private CodeBlock nullChecks() {
    return CodeBlock.builder().add(DataCode.declaredNullChecks(program))
        .add(ArgumentChecks.nullChecks(loops.directions())).build();
  }

  List<FieldSpec> fields() {
    List<FieldSpec> out = new ArrayList<>();
    gradientFields.forEach((g, field) -> {
      if (g.buffer() != null) {
        out.add(FieldSpec.builder(Types.MATRIX, field, Modifier.PRIVATE)
            .addJavadoc("The gradient with respect to $L of the last hvp call; resized with $L.\n",
                JavaText.javadoc(g.param().name()), JavaText.javadoc(g.param().name()))
            .build());
      } else {
        out.add(FieldSpec.builder(Types.DOUBLE_ARRAY, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The gradient with respect to $L of the last hvp call, in element 0.\n",
                JavaText.javadoc(g.param().name()))
            .initializer("new double[1]")
            .build());
      }
    });
    out.addAll(ArgumentChecks.aliasFields(loops.products(), matrixArguments(), aliasing, "hvp"));
    return out;
  }

  private static List<ParameterSpec> specs(List<Parameter> params) {
    return params.stream()
        .map(p -> ParameterSpec.builder(p.matrix() ? Types.MATRIX : TypeName.DOUBLE, p.name()).build())
        .toList();
  }

  private static String names(List<Parameter> params) {
    return String.join(", ", params.stream().map(Parameter::name).toList());
  }

  /** The leaves, as the passes take them. */
  private String args() {
    return DataCode.leafArgs(program);
  }

  private String outputs() {
    return String.join(", ", loops.products().stream().map(LoopProgram.Gradient::name).toList());
  }

  private CodeBlock throwsDoc(boolean usesLu) {
    return CodeBlock.builder()
        .add("@throws NullPointerException if an argument is null\n")
        .add("@throws IllegalArgumentException if the argument shapes do not fit together\n")
        .add(usesLu ? CodeBlock.of("@throws $T if a matrix that must be inverted is singular\n", Types.SINGULAR)
            : CodeBlock.of(""))
        .build();
  }

  /**
   * The allocating overload: nulls first (so that a null fails with its own name rather than
   * inside {@code rows()}), then the outputs, then the buffer overload.
   */
  MethodSpec allocating(boolean usesLu) {
    Scope scope = new Scope(reserved);
    String value = scope.unique("value");
    CodeBlock.Builder body = CodeBlock.builder().add(nullChecks());
    List<String> gradients = new ArrayList<>();
    List<String> products = new ArrayList<>();
    for (LoopProgram.Gradient h : loops.products()) {
      String p = h.param().name();
      if (h.buffer() != null) {
        body.addStatement("$T $L = $T.zeros($L.rows(), $L.cols())", Types.MATRIX, h.name(), Types.MATRIX, p, p);
        products.add(h.name());
      } else {
        body.addStatement("double[] $L = new double[1]", h.name());
        products.add(h.name() + "[0]");
      }
    }
    gradientFields.forEach((g, field) ->
        gradients.add(g.buffer() != null ? "this." + field + ".copy()" : "this." + field + "[0]"));
    String call = loops.rest().isEmpty() ? "hvp" : RUN;
    List<String> args = new ArrayList<>(nonEmpty(
        DataCode.declaredArgs(program), names(loops.directions()), outputs()));
    if (!loops.rest().isEmpty()) {
      args.add("true");
    }
    body.addStatement("double $L = $L($L)", value, call, String.join(", ", args));
    body.add("return new Hvp($L", value);
    body.add(",$>$>");
    for (String g : gradients) {
      body.add("\n$L,", g);
    }
    for (int i = 0; i < products.size(); i++) {
      body.add("\n$L$L", products.get(i), i + 1 < products.size() ? "," : ");\n");
    }
    body.add("$<$<");
    List<ParameterSpec> params = parameters();
    return MethodSpec.methodBuilder("hvp")
        .addModifiers(Modifier.PUBLIC)
        .returns(self.nestedClass("Hvp"))
        .addParameters(params)
        .addJavadoc("Returns the loss, its gradients and the Hessian-vector products H*v (the derivative of\n")
        .addJavadoc("each gradient along the directions) in newly allocated matrices.\n\n")
        .addJavadoc(docs.tags(params))
        .addJavadoc("@return the loss, its gradients and the Hessian-vector products\n")
        .addJavadoc(throwsDoc(usesLu))
        .addCode(body.build())
        .build();
  }

  /**
   * The buffer overload: every check runs before the forward pass, so a failure leaves the
   * output buffers as they were; the gradients go to the instance's own matrices.
   */
  List<MethodSpec> buffers(boolean usesLu, CodeBlock checkShapesCall) {
    boolean rest = !loops.rest().isEmpty();
    String withGradients = new Scope(reserved).unique("withGradients");
    MethodSpec.Builder m = MethodSpec.methodBuilder("hvp")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameters(parameters());
    CodeBlock.Builder body = CodeBlock.builder().add(nullChecks());
    for (LoopProgram.Gradient h : loops.products()) {
      m.addParameter(h.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, h.name());
      body.addStatement("$T.nonNull($L, $L)", Types.CHECKS, h.name(), JavaText.stringLiteral(h.name()));
    }
    body.add(work(DataCode.prologue(program), checkShapesCall, CodeBlock.of("this"), true,
        rest ? withGradients : null));
    m.addJavadoc("Writes the Hessian-vector products H*v (the derivative of each gradient along the\n")
        .addJavadoc("directions) into the given buffers, overwriting them, and returns the loss. Allocates\n")
        .addJavadoc("nothing once the scratch buffers have the sizes of the arguments. All arguments are\n")
        .addJavadoc("checked before anything is written.\n\n");
    if (!rest) {
      return List.of(m.addJavadoc(docs.tags(m.build().parameters()))
          .addJavadoc("@return the loss\n")
          .addJavadoc(throwsDoc(usesLu))
          .addCode(body.build())
          .build());
    }
    List<ParameterSpec> params = m.build().parameters();
    MethodSpec.Builder run = MethodSpec.methodBuilder(RUN)
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addParameters(params)
        .addParameter(TypeName.BOOLEAN, withGradients)
        .addJavadoc("The buffer overload of {@code hvp}; with {@code $L}, also the gradient values the\n",
            withGradients)
        .addJavadoc("products do not need, for the record of the allocating overload.\n\n")
        .addJavadoc(docs.tags(params))
        .addJavadoc("@param $L whether to complete the gradients\n", withGradients)
        .addJavadoc("@return the loss\n")
        .addJavadoc(throwsDoc(usesLu))
        .addCode(body.build());
    List<String> forwarded = new ArrayList<>(params.stream().map(ParameterSpec::name).toList());
    forwarded.add("false");
    MethodSpec wrapper = m.addJavadoc(docs.tags(params))
        .addJavadoc("@return the loss\n")
        .addJavadoc(throwsDoc(usesLu))
        .addStatement("return $L($L)", RUN, String.join(", ", forwarded))
        .build();
    return List.of(wrapper, run.build());
  }

  /**
   * What the buffer overload does after its null checks, with this prologue (the whole, or the
   * part an objective runs per call): the checks, then the passes. {@code instance} is how the
   * code reaches this instance's fields ({@code this}, or {@code Outer.this} from an objective);
   * {@code returnsValue}, whether it returns the loss (an objective's {@code hvp} does not);
   * {@code restCondition}, the boolean under which it also completes the gradients (the rest of
   * the backward pass), or null for never.
   */
  CodeBlock work(CodeBlock prologue, CodeBlock checkShapesCall, CodeBlock instance,
      boolean returnsValue, String restCondition) {
    String value = new Scope(reserved).unique("value");
    CodeBlock.Builder body = CodeBlock.builder();
    body.add(prologue);
    body.add(checkShapesCall);
    List<Parameter> wrt = program.wrtParams();
    for (int k = 0; k < wrt.size(); k++) {
      Parameter p = wrt.get(k);
      Parameter v = loops.directions().get(k);
      if (p.matrix()) {
        body.addStatement("$T.outputShape($L, $L, $L.rows(), $L.cols(), $L)", Types.CHECKS, v.name(),
            JavaText.stringLiteral(v.name()), p.name(), p.name(), JavaText.stringLiteral(p.name()));
      }
    }
    ArgumentChecks.outputChecks(loops.products(), matrixArguments(), aliasing, instance).forEach(body::add);
    List<CodeBlock> kept = new ArrayList<>();
    gradientFields.forEach((g, field) -> {
      if (g.buffer() != null) {
        String p = g.param().name();
        body.addStatement("$L.$L = sizedMatrix($L.$L, $L.rows(), $L.cols())", instance, field, instance, field, p, p);
      }
      kept.add(CodeBlock.of("$L.$L", instance, field));
    });
    List<CodeBlock> backwardArgs = new ArrayList<>();
    if (!args().isEmpty()) {
      backwardArgs.add(CodeBlock.of("$L", args()));
    }
    backwardArgs.addAll(kept);
    if (returnsValue) {
      body.addStatement("double $L = forward($L)", value, args());
    } else {
      body.addStatement("forward($L)", args());
    }
    if (loops.hasBackward()) {
      body.addStatement("backward($L)", CodeBlock.join(backwardArgs, ", "));
    }
    body.addStatement("tangent($L)", String.join(", ", nonEmpty(args(), names(loops.directions()), outputs())));
    if (restCondition != null && !loops.rest().isEmpty()) {
      body.beginControlFlow("if ($L)", restCondition)
          .addStatement("backwardRest($L)", CodeBlock.join(backwardArgs, ", "))
          .endControlFlow();
    }
    if (returnsValue) {
      body.addStatement("return $L", value);
    }
    return body.build();
  }

  /** The non-empty ones of these comma-separated lists, to join into one. */
  private static List<String> nonEmpty(String... lists) {
    return java.util.Arrays.stream(lists).filter(l -> !l.isEmpty()).toList();
  }

  /** {@code sizedMatrix}: the kept gradient matrix, reallocated only when its shape changes. */
  static MethodSpec sizedMatrix() {
    return MethodSpec.methodBuilder("sizedMatrix")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(Types.MATRIX)
        .addParameter(Types.MATRIX, "matrix")
        .addParameter(TypeName.INT, "rows")
        .addParameter(TypeName.INT, "cols")
        .addJavadoc("The matrix if it is rows x cols, else a new zero matrix of that shape.\n\n")
        .addJavadoc("@param matrix the current matrix, or null before the first call\n")
        .addJavadoc("@param rows the rows it must have\n")
        .addJavadoc("@param cols the columns it must have\n")
        .addJavadoc("@return a rows x cols matrix\n")
        .addStatement("return matrix != null && matrix.rows() == rows && matrix.cols() == cols ? matrix : $T.zeros(rows, cols)",
            Types.MATRIX)
        .build();
  }

  /** {@code Hvp(value, dW1, ..., hW1, ...)}: components named after the parameters, as in {@code Result}. */
  TypeSpec record() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(TypeName.DOUBLE, "value");
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("The loss, its gradients and its Hessian-vector products, one of each per differentiated\n")
        .add("parameter in order.\n\n")
        .add("@param value the loss\n");
    for (LoopProgram.Gradient g : loops.gradients()) {
      String component = "d" + g.param().name();
      ctor.addParameter(g.buffer() != null ? Types.MATRIX : TypeName.DOUBLE, component);
      doc.add("@param $L the gradient with respect to {@code $L}\n", component, JavaText.javadoc(g.param().name()));
    }
    for (LoopProgram.Gradient h : loops.products()) {
      String component = "h" + h.param().name();
      ctor.addParameter(h.buffer() != null ? Types.MATRIX : TypeName.DOUBLE, component);
      doc.add("@param $L the Hessian-vector product for {@code $L}: the derivative of its gradient along the\n"
          + "    directions\n", component, JavaText.javadoc(h.param().name()));
    }
    return TypeSpec.recordBuilder("Hvp")
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc(doc.build())
        .build();
  }
}
