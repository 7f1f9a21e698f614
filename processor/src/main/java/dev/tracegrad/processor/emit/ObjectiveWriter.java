package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.tracegrad.processor.ir.DataStatement;
import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the generated class's {@code objective(...)} method, which binds the data (the
 * parameters not in {@code wrt}) and returns a {@code dev.tracegrad.optim.Objective} of the wrt
 * parameters, for the runtime's optimizers.
 *
 * <p>The data prologue's statements that read data alone run once, in {@code objective(...)}
 * itself: their exceptions surface there, before any objective exists. Those that read a wrt
 * parameter (its shape, {@code int n = W.rows()}) run on every call, since the objective does
 * not fix the variables' shapes: each call may pass others, and its statements and checks see
 * the shapes of that call. The calls then do what the class's own methods do after their
 * prologue ({@link Work}), on the variables as locals named like the parameters, so the checks,
 * the results and the allocation behaviour are theirs. With no prologue to run once the calls
 * simply delegate to the class's own methods.
 */
final class ObjectiveWriter {
  /**
   * What the class's public methods do after their null checks, given the prologue to run
   * first: {@code value}, the buffer {@code gradient} and, with Hessian-vector products, the
   * buffer {@code hvp} without its {@code return} (else null). The code reads the arguments by
   * their declared names.
   */
  record Work(UnaryOperator<CodeBlock> value, UnaryOperator<CodeBlock> gradient,
      UnaryOperator<CodeBlock> hvp) {}

  private final Program program;
  private final LoopProgram loops;
  private final ClassName self;
  private final Scope scope;
  private final Work work;

  private ObjectiveWriter(Program program, LoopProgram loops, ClassName self, List<String> reserved,
      Work work) {
    this.program = program;
    this.loops = loops;
    this.self = self;
    this.scope = new Scope(reserved);
    this.work = work;
  }

  static MethodSpec write(Program program, LoopProgram loops, ClassName self, List<String> reserved,
      Work work) {
    return new ObjectiveWriter(program, loops, self, reserved, work).method();
  }

  private MethodSpec method() {
    String variables = scope.unique("variables");
    String gradients = scope.unique("gradients");
    String namesField = scope.unique("names");
    String directions = loops.hasProducts() ? scope.unique("directions") : null;
    String products = loops.hasProducts() ? scope.unique("products") : null;
    List<Parameter> wrt = program.wrtParams();
    List<String> wrtNames = wrt.stream().map(Parameter::name).toList();
    List<DeclaredParameter> data = program.declared().stream()
        .filter(p -> !wrtNames.contains(p.name())).toList();
    CodeBlock names = CodeBlock.join(wrt.stream()
        .map(p -> CodeBlock.of("$L", JavaText.stringLiteral(p.name()))).toList(), ", ");

    // CodeBlocks, not strings: a type written through toString() would be fully qualified
    // outside the file, where a parameter named dev could obscure it
    List<CodeBlock> inputs = new ArrayList<>();
    for (DeclaredParameter p : program.declared()) {
      int k = wrtNames.indexOf(p.name());
      inputs.add(k < 0 ? CodeBlock.of("$L", p.name())
          : p.matrix() ? CodeBlock.of("$L[$L]", variables, k)
          : CodeBlock.of("$T.scalar($L[$L], $L)", Types.VARIABLES, variables, k, JavaText.stringLiteral(p.name())));
    }
    List<CodeBlock> outputs = new ArrayList<>(inputs);
    for (LoopProgram.Gradient g : loops.gradients()) {
      int k = wrt.indexOf(g.param());
      outputs.add(g.buffer() != null ? CodeBlock.of("$L[$L]", gradients, k)
          : CodeBlock.of("$T.scalarData($L[$L], $L)", Types.VARIABLES, gradients, k,
              JavaText.stringLiteral(g.param().name())));
    }
    CodeBlock inputList = CodeBlock.join(inputs, ", ");
    CodeBlock outputList = CodeBlock.join(outputs, ", ");

    List<DataStatement> once = program.prologueOnData();
    boolean bound = !once.isEmpty();
    CodeBlock perCall = DataCode.prologue(program.prologueReadingWrt());
    // the variables as locals named like the parameters, for the class's code that reads them
    CodeBlock.Builder variableLocals = CodeBlock.builder();
    for (int i = 0; i < inputs.size(); i++) {
      DeclaredParameter p = program.declared().get(i);
      if (wrtNames.contains(p.name())) {
        local(variableLocals, p.matrix() ? Types.MATRIX : TypeName.DOUBLE, p.name(), inputs.get(i));
      }
    }
    MethodSpec value = MethodSpec.methodBuilder("value")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(Types.MATRIX_ARRAY, variables)
        .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, variables, variables, namesField)
        .addCode(bound ? CodeBlock.builder().add(variableLocals.build()).add(work.value().apply(perCall)).build()
            : CodeBlock.builder().addStatement("return $T.this.value($L)", self, inputList).build())
        .build();
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, variables, variables, namesField)
        .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, gradients, gradients, namesField);
    if (bound) {
      body.add(variableLocals.build());
      for (int i = 0; i < loops.gradients().size(); i++) {
        LoopProgram.Gradient g = loops.gradients().get(i);
        local(body, g.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, g.name(),
            outputs.get(inputs.size() + i));
      }
      body.add(work.gradient().apply(perCall));
    } else if (loops.gradients().isEmpty()) {
      body.addStatement("return $T.this.value($L)", self, inputList);
    } else {
      body.addStatement("return $T.this.gradient($L)", self, outputList);
    }
    MethodSpec gradient = MethodSpec.methodBuilder("gradient")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(Types.MATRIX_ARRAY, variables)
        .addParameter(Types.MATRIX_ARRAY, gradients)
        .addCode(body.build())
        .build();
    TypeSpec.Builder anonymous = TypeSpec.anonymousClassBuilder("")
        .addSuperinterface(Types.OBJECTIVE)
        // the variables' names for the checks' messages, built once: a call allocates nothing
        .addField(FieldSpec.builder(Types.STRING_ARRAY, namesField, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("{$L}", names)
            .build())
        .addMethod(value)
        .addMethod(gradient);
    if (loops.hasProducts()) {
      List<CodeBlock> hvpArgs = new ArrayList<>(inputs);
      for (int k = 0; k < wrt.size(); k++) {
        hvpArgs.add(wrt.get(k).matrix() ? CodeBlock.of("$L[$L]", directions, k)
            : CodeBlock.of("$T.scalar($L[$L], $L)", Types.VARIABLES, directions, k,
                JavaText.stringLiteral(wrt.get(k).name())));
      }
      for (LoopProgram.Gradient h : loops.products()) {
        int k = wrt.indexOf(h.param());
        hvpArgs.add(h.buffer() != null ? CodeBlock.of("$L[$L]", products, k)
            : CodeBlock.of("$T.scalarData($L[$L], $L)", Types.VARIABLES, products, k,
                JavaText.stringLiteral(h.param().name())));
      }
      CodeBlock.Builder hvpBody = CodeBlock.builder();
      if (bound) {
        hvpBody.add(variableLocals.build());
        for (int k = 0; k < wrt.size(); k++) {
          Parameter v = loops.directions().get(k);
          local(hvpBody, v.matrix() ? Types.MATRIX : TypeName.DOUBLE, v.name(),
              hvpArgs.get(inputs.size() + k));
        }
        for (int i = 0; i < loops.products().size(); i++) {
          LoopProgram.Gradient h = loops.products().get(i);
          local(hvpBody, h.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, h.name(),
              hvpArgs.get(inputs.size() + wrt.size() + i));
        }
        hvpBody.add(work.hvp().apply(perCall));
      } else {
        hvpBody.addStatement("$T.this.hvp($L)", self, CodeBlock.join(hvpArgs, ", "));
      }
      anonymous.addMethod(MethodSpec.methodBuilder("hasHvp")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(TypeName.BOOLEAN)
              .addStatement("return true")
              .build())
          .addMethod(MethodSpec.methodBuilder("hvp")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .addParameter(Types.MATRIX_ARRAY, variables)
              .addParameter(Types.MATRIX_ARRAY, directions)
              .addParameter(Types.MATRIX_ARRAY, products)
              .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, variables, variables, namesField)
              .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, directions, directions, namesField)
              .addStatement("$T.check($L, $S, $L)", Types.VARIABLES, products, products, namesField)
              .addCode(hvpBody.build())
              .build());
    }

    MethodSpec.Builder m = MethodSpec.methodBuilder("objective")
        .addModifiers(Modifier.PUBLIC)
        .returns(Types.OBJECTIVE)
        .addParameters(DataCode.parameters(program,
            data.stream().map(DeclaredParameter::name).toList()))
        .addJavadoc("Binds the data to this instance as an objective of the variables ($L), in this\n",
            JavaText.javadoc(String.join(", ", wrt.stream().map(Parameter::name).toList())))
        .addJavadoc(wrt.stream().allMatch(Parameter::matrix) ? "order, for the optimizers of\n"
            : "order (a {@code double} variable as a 1x1 matrix), for the optimizers of\n")
        .addJavadoc(loops.hasProducts()
            ? "{@code dev.tracegrad.optim}. Its {@code value}, {@code gradient} and {@code hvp} call this\n"
            : "{@code dev.tracegrad.optim}. Its {@code value} and {@code gradient} call this\n")
        .addJavadoc("instance's, with the data held by reference (not copied): the objective is as\n")
        .addJavadoc("thread-confined as this instance.\n\n");
    for (DeclaredParameter p : data) {
      m.addJavadoc("@param $L data of the loss\n", p.name());
    }
    m.addJavadoc("@return the objective\n")
        .addJavadoc("@throws NullPointerException if a matrix argument is null\n")
        .addCode(DataCode.nullChecks(data))
        .addCode(DataCode.prologue(once))
        .addStatement("return $L", anonymous.build());
    if (bound) {
      m.addJavadoc("@throws RuntimeException if the code computing the data throws: it runs here, once\n");
    }
    return m.build();
  }

  private static void local(CodeBlock.Builder b, TypeName type, String name, CodeBlock value) {
    b.addStatement("$T $L = $L", type, name, value);
  }
}
