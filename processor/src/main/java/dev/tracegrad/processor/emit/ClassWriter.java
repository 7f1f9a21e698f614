package dev.tracegrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.tracegrad.processor.text.DerivationText;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.ShapeCheck;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
import dev.tracegrad.processor.lower.Step;
import dev.tracegrad.processor.lower.Stored;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the generated class of API.md, as a JavaPoet file, from the program (names, checks)
 * and its {@link LoopProgram}. Public surface: {@code value}, the two {@code gradient} overloads,
 * {@code Result}, {@code DERIVATION}, {@code DERIVATION_ASCII} and {@code objective}; behind it,
 * private {@code forward} and {@code backward} methods with one commented block per step,
 * instance scratch buffers, and {@code checkShapes}. A long pass or list of checks becomes several
 * private methods of bounded size ({@link CodeSize}), and every method carries its {@code @param}
 * and {@code @return} tags, so that the class compiles whatever the loss's size and is clean under
 * {@code -Xdoclint:all}. The output is pure ASCII and depends only on its inputs.
 */
public final class ClassWriter {
  private static final String PROCESSOR = "dev.tracegrad.processor.DifferentiableProcessor";

  private final Program program;
  private final LoopProgram loops;
  private final DerivationText derivation;
  private final DerivationText hvpDerivation;
  private final List<String> reserved;
  private final List<ShapeCheck> checks;
  private final ParamDocs docs;
  private ArgumentChecks.AliasNames aliasing;
  /** Whether the buffer gradient's output checks moved to {@code checkOutputs} (its size). */
  private boolean outputChecksMoved;

  private ClassWriter(Program program, LoopProgram loops, DerivationText derivation,
      DerivationText hvpDerivation) {
    this.program = program;
    this.loops = loops;
    this.derivation = derivation;
    this.hvpDerivation = hvpDerivation;
    this.reserved = ProgramNames.of(program, loops);
    this.checks = ArgumentChecks.needed(program.checks());
    this.docs = new ParamDocs(program, loops.gradients());
  }

  public static JavaFile write(Program program, LoopProgram loops, DerivationText derivation) {
    return write(program, loops, derivation, null);
  }

  /**
   * The class, with {@code HVP_DERIVATION} and {@code HVP_DERIVATION_ASCII} from
   * {@code hvpDerivation} when the program computes Hessian-vector products (null otherwise).
   */
  public static JavaFile write(Program program, LoopProgram loops, DerivationText derivation,
      DerivationText hvpDerivation) {
    return new ClassWriter(program, loops, derivation, hvpDerivation).file();
  }

  /**
   * The file's text, pure ASCII even when the user's identifiers are not (a parameter may be
   * called {@code α}): every remaining non-ASCII character becomes a {@code \}{@code uXXXX}
   * escape, which javac reads as that character anywhere in a source file. Write this rather
   * than {@code file.toString()}.
   */
  public static String source(JavaFile file) {
    return JavaText.escapeNonAscii(file.toString());
  }

  private JavaFile file() {
    ClassName self = ClassName.get(program.packageName(), program.generatedName());
    TypeSpec.Builder t = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(classJavadoc())
        .addAnnotation(AnnotationSpec.builder(Types.GENERATED)
            .addMember("value", "$L", JavaText.stringLiteral(PROCESSOR))
            .build())
        // a class-file marker: a later build recognises its own stale output by it
        .addAnnotation(AnnotationSpec.builder(Types.GENERATED_GRADIENT)
            .addMember("value", "$L", JavaText.stringLiteral(program.sourceName()))
            .build())
        .alwaysQualify(qualifiedNames());
    t.addField(derivationField("DERIVATION", derivation.unicode(),
        "The derivation of the gradient, step by step, in Unicode; {@link #DERIVATION_ASCII} in ASCII.\n"));
    t.addField(derivationField("DERIVATION_ASCII", derivation.ascii(),
        "{@link #DERIVATION} in ASCII, for consoles and logs that cannot show Unicode.\n"));
    if (hvpDerivation != null) {
      t.addField(derivationField("HVP_DERIVATION", hvpDerivation.unicode(),
          "The derivation of the Hessian-vector products, the differentials of the gradients along the\n"
              + "directions, step by step, in Unicode; {@link #HVP_DERIVATION_ASCII} in ASCII.\n"));
      t.addField(derivationField("HVP_DERIVATION_ASCII", hvpDerivation.ascii(),
          "{@link #HVP_DERIVATION} in ASCII, for consoles and logs that cannot show Unicode.\n"));
    }
    addFields(t);
    Scope members = new Scope(reserved);
    String workspace = members.unique("workspace");
    ArgumentChecks.AliasNames aliasing = ArgumentChecks.AliasNames.in(members);
    PassWriter passes = new PassWriter(program, loops, reserved, workspace);
    List<MethodSpec> forward = passes.forward();
    List<MethodSpec> backward = loops.hasBackward() ? passes.backward() : List.of();
    HvpWriter hvp = loops.hasProducts() ? new HvpWriter(program, loops, self, reserved, members) : null;
    List<MethodSpec> tangent = hvp != null ? passes.tangent(hvp.gradientBuffers()) : List.of();
    addCrossingFields(t, passes);
    if (hvp != null) {
      hvp.fields().forEach(t::addField);
    }
    if (!loops.gradients().isEmpty()) {
      ArgumentChecks.aliasFields(program, loops, aliasing).forEach(t::addField);
    }
    constructors(t, passes.usesWorkspace() ? workspace : null);
    t.addMethod(valueMethod());
    t.addMethod(allocatingGradient());
    if (!loops.gradients().isEmpty()) {
      // With no outputs the buffer overload would have the allocating one's parameters.
      t.addMethods(bufferGradient(aliasing));
    }
    if (hvp != null) {
      t.addMethod(hvp.allocating(usesLu()));
      t.addMethods(hvp.buffers(usesLu(), checkShapesCall()));
    }
    t.addMethod(ObjectiveWriter.write(program, loops, self, reserved, new ObjectiveWriter.Work(
        this::valueWork,
        loops.gradients().isEmpty() ? this::valueWork
            : prologue -> gradientWork(prologue, CodeBlock.of("$T.this", self)),
        hvp == null ? null
            : prologue -> hvp.work(prologue, checkShapesCall(), CodeBlock.of("$T.this", self), false, null))));
    t.addMethods(forward);
    t.addMethods(backward);
    t.addMethods(tangent);
    t.addMethods(passes.rest());
    if (passes.usesWorkspace()) {
      t.addField(FieldSpec.builder(Types.WORKSPACE, workspace, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Scratch rows of the product and LU kernels; grows to the largest shapes seen.\n")
          .build());
    }
    if (!checks.isEmpty()) {
      t.addMethods(checkShapesMethods());
    }
    addSizedHelpers(t, passes.sizesDoubles(), passes.sizesInts());
    if (hvp != null && loops.gradients().stream().anyMatch(g -> g.buffer() != null)) {
      t.addMethod(HvpWriter.sizedMatrix());
    }
    t.addType(resultRecord());
    if (hvp != null) {
      t.addType(hvp.record());
    }
    JavaFile.Builder file = JavaFile.builder(program.packageName(), t.build())
        .addFileComment("$L", "Generated by TraceGrad from " + program.sourceName() + ". Do not edit.")
        .skipJavaLangImports(true);
    staticImportsAgainstObscuring(file);
    return file.build();
  }

  /**
   * The no-argument constructor and, for a class whose passes call the kernels (so {@code
   * workspace} names their scratch field; null otherwise), one taking the threads its large
   * products may use.
   */
  private static void constructors(TypeSpec.Builder t, String workspace) {
    MethodSpec.Builder plain = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Creates an instance; its scratch buffers are allocated by the first call.\n");
    if (workspace == null) {
      t.addMethod(plain.build());
      return;
    }
    t.addMethod(plain.addJavadoc("Every matrix product runs on the calling thread.\n")
        .addStatement("this(1)")
        .build());
    t.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.INT, "threads")
        .addJavadoc("Creates an instance whose large matrix products (those {@code dev.tracegrad.kernel.Gemm}\n")
        .addJavadoc("finds worth splitting) split the columns of their result over {@code threads} threads: the\n")
        .addJavadoc("calling one and {@code threads - 1} helper threads that all instances share. Every entry is\n")
        .addJavadoc("still summed by one thread in the same order, so results have the same bits for every\n")
        .addJavadoc("thread count.\n\n")
        .addJavadoc("@param threads threads a product may use, at least 1\n")
        .addJavadoc("@throws IllegalArgumentException if {@code threads} is less than 1\n")
        .addStatement("this.$N = new $T(threads)", workspace, Types.WORKSPACE)
        .build());
  }

  // ---------------------------------------------------------------- documentation and fields

  /** The ASCII derivation in a {@code <pre>} block: the Unicode one would make the file non-ASCII. */
  private CodeBlock classJavadoc() {
    CodeBlock.Builder doc = CodeBlock.builder()
        .add(hvpDerivation == null ? "Value and gradient of {@code $L}, generated by TraceGrad.\n\n"
            : "Value, gradient and Hessian-vector products of {@code $L}, generated by TraceGrad.\n\n",
            JavaText.javadoc(program.sourceName()))
        .add("<p>Derivation by the trace method of matrix calculus:\n\n")
        .add("<pre>\n$L</pre>\n\n", JavaText.javadoc(withNewline(javadocDerivation(derivation.ascii()))));
    if (hvpDerivation != null) {
      doc.add("<p>The Hessian-vector products differentiate these gradients along the directions:\n")
          .add("{@link #HVP_DERIVATION_ASCII} shows it step by step.\n\n");
    }
    return doc.add("<p>An instance keeps scratch buffers between calls, so use one instance per thread.\n")
        .build();
  }

  /** The class comment stops after this many characters of derivation; DERIVATION has it all. */
  static final int JAVADOC_DERIVATION_LIMIT = 20_000;

  /** The derivation for the class comment, cut at a line end past the limit. */
  private static String javadocDerivation(String ascii) {
    if (ascii.length() <= JAVADOC_DERIVATION_LIMIT) {
      return ascii;
    }
    int cut = ascii.lastIndexOf('\n', JAVADOC_DERIVATION_LIMIT) + 1;
    long more = ascii.substring(cut).lines().count();
    return ascii.substring(0, cut) + "... (" + more + " more lines: see DERIVATION)\n";
  }

  private static String withNewline(String s) {
    return s.endsWith("\n") ? s : s + "\n";
  }

  /**
   * {@code DERIVATION = "line 1\n" + "line 2\n" + ...}: one literal per line so the source reads
   * like the text; a compile-time constant all the same.
   */
  private FieldSpec derivationField(String name, String text, String javadoc) {
    List<List<String>> chunks = constantChunks(text);
    CodeBlock.Builder init = CodeBlock.builder();
    if (chunks.size() == 1) {
      init.add(concatenation(chunks.get(0)));
    } else {
      // Too long for one class-file constant: join constant-sized pieces when the class loads.
      init.add("$T.join(\"\",$>$>", Types.STRING);
      for (int c = 0; c < chunks.size(); c++) {
        init.add("\n").add(concatenation(chunks.get(c))).add(c + 1 < chunks.size() ? "," : ")");
      }
      init.add("$<$<");
    }
    return FieldSpec.builder(Types.STRING, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(javadoc)
        .initializer(init.build())
        .build();
  }

  /** One literal per line, joined with {@code +} (javac folds them into one constant). */
  private static CodeBlock concatenation(List<String> literals) {
    CodeBlock.Builder b = CodeBlock.builder().add("$L", literals.get(0));
    if (literals.size() > 1) {
      b.add("$>$>");
      for (String line : literals.subList(1, literals.size())) {
        b.add("\n+ $L", line);
      }
      b.add("$<$<");
    }
    return b.build();
  }

  /**
   * The text's lines grouped so that each group, as one string constant, stays within the class
   * file's limit of 65535 bytes (modified UTF-8). A single overlong line is split.
   */
  static List<List<String>> constantChunks(String text) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int bytes = 0;
    for (String line : pieces(text)) {
      int size = modifiedUtf8Length(line);
      if (!current.isEmpty() && bytes + size > CONSTANT_LIMIT) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(JavaText.stringLiteral(line));
      bytes += size;
    }
    if (current.isEmpty()) {
      current.add(JavaText.stringLiteral(""));
    }
    chunks.add(current);
    return chunks;
  }

  /** Room for the constant pool's own limit with a margin. */
  private static final int CONSTANT_LIMIT = 60_000;

  /** The lines of the text with their newlines, long lines cut into constant-sized pieces. */
  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end + 1;
      // A character takes at most 3 bytes; cut at a non-surrogate boundary.
      int max = CONSTANT_LIMIT / 3;
      while (end - start > max) {
        int cut = start + max;
        if (Character.isLowSurrogate(text.charAt(cut))) {
          cut--;
        }
        out.add(text.substring(start, cut));
        start = cut;
      }
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private static int modifiedUtf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      n += ch >= 0x01 && ch <= 0x7F ? 1 : ch <= 0x7FF ? 2 : 3;
    }
    return n;
  }

  /**
   * Scratch arrays start null and are sized by the first call, so an unused overload costs
   * nothing and shapes can change between calls; without initialisers the constructor's code
   * does not grow with the number of buffers (a long program has thousands).
   */
  private void addFields(TypeSpec.Builder t) {
    Map<Object, String> made = madeBy();
    for (Buffer b : loops.scratch()) {
      TypeName type = b.type() == Buffer.Type.INT ? Types.INT_ARRAY : Types.DOUBLE_ARRAY;
      String what = made.getOrDefault(b, b.name());
      t.addField(FieldSpec.builder(type, b.name(), Modifier.PRIVATE)
          .addJavadoc("Scratch for $L; reallocated only when its size changes.\n", JavaText.javadoc(what))
          .build());
    }
    for (ScalarVar v : loops.shared()) {
      t.addField(FieldSpec.builder(TypeName.DOUBLE, v.name(), Modifier.PRIVATE)
          .addJavadoc("$L, kept from the forward pass for the backward pass.\n", v.name())
          .build());
    }
    for (LuFactors lu : loops.factorisations()) {
      if (lu.shared()) {
        t.addField(FieldSpec.builder(TypeName.INT, lu.sign(), Modifier.PRIVATE)
            .addJavadoc("Sign of the permutation of $L (0: singular), kept for the backward pass.\n", lu.lu().name())
            .build());
      }
    }
  }

  /**
   * A field for each value that one part of a long pass computes and a later part reads
   * (see {@link PassWriter}); values the backward pass reads have theirs already.
   */
  private static void addCrossingFields(TypeSpec.Builder t, PassWriter passes) {
    for (Stored s : passes.crossingFields()) {
      if (s instanceof ScalarVar v) {
        t.addField(FieldSpec.builder(TypeName.DOUBLE, v.name(), Modifier.PRIVATE)
            .addJavadoc("$L, kept for a later part of its pass.\n", v.name())
            .build());
      } else if (s instanceof LuFactors lu) {
        t.addField(FieldSpec.builder(TypeName.INT, lu.sign(), Modifier.PRIVATE)
            .addJavadoc("Sign of the permutation of $L (0: singular), kept for a later part of its pass.\n",
                lu.lu().name())
            .build());
      }
    }
  }

  /** What each scratch buffer holds, from the comment of the step that writes it. */
  private Map<Object, String> madeBy() {
    Map<Object, String> out = new HashMap<>();
    for (List<Step> pass : loops.passes()) {
      for (Step s : pass) {
        if (s instanceof Step.Loop l) {
          for (LoopOutput o : l.outputs()) {
            out.putIfAbsent(Step.Loop.target(o), o.comment());
          }
        } else if (s instanceof Step.Product p) {
          out.putIfAbsent(p.c(), p.comment());
        } else if (s instanceof Step.Inverse x) {
          out.putIfAbsent(x.out(), x.comment());
        } else if (s instanceof Step.LuSolve x) {
          out.putIfAbsent(x.out(), x.comment());
        } else if (s instanceof Step.ColumnSoftmax x) {
          out.putIfAbsent(x.out(), x.comment());
          out.putIfAbsent(x.colMax(), "the column maxima of " + x.in().name());
          out.putIfAbsent(x.colSum(), "the column sums of exp(" + x.in().name() + " - max)");
        } else if (s instanceof Step.Indexed x) {
          out.putIfAbsent(x.out(), x.comment());
        } else if (s instanceof Step.Factor f) {
          out.putIfAbsent(f.lu().lu(), f.comment());
          out.putIfAbsent(f.lu().pivots(), "the pivots of " + f.lu().lu().name());
        }
      }
    }
    return out;
  }

  /**
   * Type names that a user's variable of the same name would obscure inside the methods (a
   * parameter called {@code Matrix}); JavaPoet writes those types fully qualified.
   */
  private String[] qualifiedNames() {
    java.util.Set<String> clash = new java.util.TreeSet<>();
    for (String s : Types.SIMPLE_NAMES) {
      if (reserved.contains(s)) {
        clash.add(s);
      }
    }
    return clash.toArray(new String[0]);
  }

  /**
   * A fully qualified {@code dev.tracegrad.kernel.Checks.nonNull(…)} is no way out when the user
   * also has a variable called {@code dev} (or {@code java}, {@code javax}): the variable obscures
   * the package in an expression. Static members are then imported, so calls read
   * {@code nonNull(…)}: method and field names cannot be obscured by variables.
   */
  private void staticImportsAgainstObscuring(JavaFile.Builder file) {
    boolean rootTaken = reserved.contains("dev") || reserved.contains("java") || reserved.contains("javax");
    if (!rootTaken || qualifiedNames().length == 0) {
      return;
    }
    // Named members, not "*": Math.max and Double.max would be ambiguous on demand.
    Types.STATIC_MEMBERS.forEach((owner, members) -> file.addStaticImport(owner, members.toArray(new String[0])));
  }

  // ---------------------------------------------------------------- public methods

  private List<ParameterSpec> paramSpecs() {
    return DataCode.parameters(program);
  }

  /** The leaves, as the passes take them. */
  private String args() {
    return DataCode.leafArgs(program);
  }

  /** The leaves and the outputs, as the backward pass takes them. */
  private String argsAndOutputs() {
    return withOutputs(args());
  }

  /** The declared parameters and the outputs, as the buffer-taking gradient takes them. */
  private String declaredAndOutputs() {
    return withOutputs(DataCode.declaredArgs(program));
  }

  private String withOutputs(String args) {
    StringBuilder sb = new StringBuilder(args);
    for (LoopProgram.Gradient g : loops.gradients()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(g.name());
    }
    return sb.toString();
  }

  private MethodSpec valueMethod() {
    return MethodSpec.methodBuilder("value")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameters(paramSpecs())
        .addJavadoc("Returns the loss, as {@code $L} computes it (the forward pass only).\n\n",
            JavaText.javadoc(program.sourceName()))
        .addJavadoc(docs.tags(paramSpecs()))
        .addJavadoc("@return the loss\n")
        .addJavadoc(throwsDoc())
        .addCode(DataCode.declaredNullChecks(program))
        .addCode(valueWork(DataCode.prologue(program)))
        .build();
  }

  /**
   * What {@code value} does after its null checks, with this prologue (the whole, or the part
   * an objective runs per call).
   */
  CodeBlock valueWork(CodeBlock prologue) {
    return CodeBlock.builder()
        .add(prologue)
        .add(checkShapesCall())
        .addStatement("return forward($L)", args())
        .build();
  }

  private CodeBlock throwsDoc() {
    return CodeBlock.builder()
        .add("@throws NullPointerException if an argument is null\n")
        .add("@throws IllegalArgumentException if the argument shapes do not fit together\n")
        .add(usesLu() ? CodeBlock.of("@throws $T if a matrix that must be inverted is singular\n", Types.SINGULAR) : CodeBlock.of(""))
        .build();
  }

  private boolean usesLu() {
    return !loops.factorisations().isEmpty();
  }

  private CodeBlock checkShapesCall() {
    return checks.isEmpty() ? CodeBlock.of("") : CodeBlock.builder().addStatement("checkShapes($L)", matrixArgs()).build();
  }

  private String matrixArgs() {
    return String.join(", ", program.params().stream().filter(this::checked).map(Parameter::name).toList());
  }

  /**
   * Whether checkShapes reads the parameter: every matrix, and a double or an index array that
   * gives a size a check compares or its message shows.
   */
  private boolean checked(Parameter p) {
    Dim size = p.index() ? new Dim.Length(p.name()) : new Dim.DataValue(p.name());
    return p.matrix() || checks.stream().anyMatch(c -> c.mentions(size));
  }

  /**
   * Allocates the result matrices and delegates to the buffer overload, which does all the
   * checks; nulls are checked first so that a null argument fails with its own name rather than
   * inside {@code rows()}.
   */
  private MethodSpec allocatingGradient() {
    Scope scope = new Scope(reserved);
    String value = scope.unique("value");
    CodeBlock.Builder body = CodeBlock.builder().add(DataCode.declaredNullChecks(program));
    StringBuilder components = new StringBuilder(value);
    for (LoopProgram.Gradient g : loops.gradients()) {
      String p = g.param().name();
      if (g.buffer() != null) {
        body.addStatement("$T $L = $T.zeros($L.rows(), $L.cols())", Types.MATRIX, g.name(), Types.MATRIX, p, p);
        components.append(", ").append(g.name());
      } else {
        body.addStatement("double[] $L = new double[1]", g.name());
        components.append(", ").append(g.name()).append("[0]");
      }
    }
    if (loops.gradients().isEmpty()) {
      body.add(DataCode.prologue(program));
      body.add(checkShapesCall());
      body.addStatement("double $L = forward($L)", value, args());
      if (loops.hasBackward()) {
        body.addStatement("backward($L)", args());
      }
      if (!loops.rest().isEmpty()) {
        body.addStatement("backwardRest($L)", args());
      }
    } else {
      body.addStatement("double $L = gradient($L)", value, declaredAndOutputs());
    }
    body.addStatement("return new Result($L)", components);
    return MethodSpec.methodBuilder("gradient")
        .addModifiers(Modifier.PUBLIC)
        .returns(ClassName.get(program.packageName(), program.generatedName(), "Result"))
        .addParameters(paramSpecs())
        .addJavadoc("Returns the loss and its gradients in newly allocated matrices.\n\n")
        .addJavadoc(docs.tags(paramSpecs()))
        .addJavadoc("@return the loss and its gradients\n")
        .addJavadoc(throwsDoc())
        .addCode(body.build())
        .build();
  }

  /**
   * The buffer overload: every check (nulls, shapes, output shapes, aliasing) runs before the
   * forward pass, so a failure leaves the output buffers as they were. With many outputs the
   * checks of the output buffers move to {@code checkOutputs} (and its parts), which keeps every
   * method within {@link CodeSize#BOUND}.
   */
  private List<MethodSpec> bufferGradient(ArgumentChecks.AliasNames aliasing) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("gradient")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameters(paramSpecs());
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("Writes the gradients into the given buffers, overwriting them, and returns the loss.\n")
        .add("Allocates nothing once the scratch buffers have the sizes of the arguments.\n")
        .add("All arguments are checked before anything is written.\n\n");
    CodeBlock.Builder body = CodeBlock.builder().add(DataCode.declaredNullChecks(program));
    for (LoopProgram.Gradient g : loops.gradients()) {
      boolean matrix = g.buffer() != null;
      m.addParameter(matrix ? Types.MATRIX : Types.DOUBLE_ARRAY, g.name());
      body.addStatement("$T.nonNull($L, $L)", Types.CHECKS, g.name(), JavaText.stringLiteral(g.name()));
    }
    CodeBlock tags = docs.tags(m.build().parameters());
    doc.add(tags);
    this.aliasing = aliasing;
    CodeBlock nullChecks = body.build();
    List<MethodSpec> checkOutputs = List.of();
    CodeBlock self = CodeBlock.of("this");
    if (CodeSize.estimate(nullChecks) + CodeSize.estimate(gradientWork(DataCode.prologue(program), self)) > CodeSize.BOUND) {
      checkOutputs = CodeSize.split("checkOutputs", name -> MethodSpec.methodBuilder(name)
              .addModifiers(Modifier.PRIVATE)
              .addParameters(m.build().parameters()),
          declaredAndOutputs(),
          CodeBlock.of("Checks the shapes of the output buffers and that none shares storage with another matrix.\n"),
          tags, ArgumentChecks.outputChecks(program, loops, aliasing, self));
      outputChecksMoved = true;
    }
    body.add(gradientWork(DataCode.prologue(program), self));
    doc.add("@return the loss\n");
    doc.add(throwsDoc());
    List<MethodSpec> out = new ArrayList<>();
    out.add(m.addJavadoc(doc.build()).addCode(body.build()).build());
    out.addAll(checkOutputs);
    return out;
  }

  /**
   * What the buffer {@code gradient} does after its null checks, with this prologue (the whole,
   * or the part an objective runs per call): the shape and output checks, then the passes.
   * {@code instance} reaches this instance's fields ({@code this}, or {@code Outer.this}).
   */
  CodeBlock gradientWork(CodeBlock prologue, CodeBlock instance) {
    String value = new Scope(reserved).unique("value");
    CodeBlock.Builder b = CodeBlock.builder().add(prologue).add(checkShapesCall());
    if (outputChecksMoved) {
      b.addStatement("checkOutputs($L)", declaredAndOutputs());
    } else {
      ArgumentChecks.outputChecks(program, loops, aliasing, instance).forEach(b::add);
    }
    b.addStatement("double $L = forward($L)", value, args());
    if (loops.hasBackward()) {
      b.addStatement("backward($L)", argsAndOutputs());
    }
    if (!loops.rest().isEmpty()) {
      b.addStatement("backwardRest($L)", argsAndOutputs());
    }
    return b.addStatement("return $L", value).build();
  }

  // ---------------------------------------------------------------- private methods

  /**
   * {@code checkShapes}, and when its checks are too many for one method of bounded size
   * ({@link CodeSize}), its parts that it calls in order.
   */
  private List<MethodSpec> checkShapesMethods() {
    // The leaves checkShapes reads: every matrix, and a double that gives a size.
    List<ParameterSpec> matrices = program.params().stream().filter(this::checked)
        .map(p -> ParameterSpec.builder(Types.leaf(p), p.name()).build())
        .toList();
    return CodeSize.split("checkShapes", name -> MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameters(matrices),
        matrixArgs(), CodeBlock.of("Checks the dimension equalities the loss relies on, each once.\n"),
        docs.tags(matrices), ArgumentChecks.shapeChecks(checks));
  }

  /**
   * Exact-size reallocation keeps every scratch array exactly as long as its matrix, so flat
   * loops can be bounded by {@code array.length} (which lets C2 drop range checks).
   */
  private static void addSizedHelpers(TypeSpec.Builder t, boolean doubles, boolean ints) {
    if (doubles) {
      t.addMethod(MethodSpec.methodBuilder("sized")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(Types.DOUBLE_ARRAY)
          .addParameter(Types.DOUBLE_ARRAY, "buffer")
          .addParameter(TypeName.INT, "rows")
          .addParameter(TypeName.INT, "cols")
          .addJavadoc("The buffer if it has rows * cols entries, else a new array of that size.\n\n")
          .addJavadoc("@param buffer the current array, or null before the first call\n")
          .addJavadoc("@param rows the rows of the matrix it holds\n")
          .addJavadoc("@param cols the columns of the matrix it holds\n")
          .addJavadoc("@return an array of exactly rows * cols entries\n")
          .addStatement("int length = $T.multiplyExact(rows, cols)", Types.MATH)
          .addStatement("return buffer != null && buffer.length == length ? buffer : new double[length]")
          .build());
    }
    if (ints) {
      t.addMethod(MethodSpec.methodBuilder("sized")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(Types.INT_ARRAY)
          .addParameter(Types.INT_ARRAY, "buffer")
          .addParameter(TypeName.INT, "length")
          .addJavadoc("The buffer if it has length entries, else a new array of that length.\n\n")
          .addJavadoc("@param buffer the current array, or null before the first call\n")
          .addJavadoc("@param length the entries it must have\n")
          .addJavadoc("@return an array of exactly length entries\n")
          .addStatement("return buffer != null && buffer.length == length ? buffer : new int[length]")
          .build());
    }
  }


  private TypeSpec resultRecord() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(TypeName.DOUBLE, "value");
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("The loss and its gradients, one per differentiated parameter in order.\n\n")
        .add("@param value the loss\n");
    // Components are always "d" + parameter name, as the API promises: the record is its own
    // scope, so the renaming that keeps buffer-overload parameters distinct does not apply here.
    for (LoopProgram.Gradient g : loops.gradients()) {
      String component = "d" + g.param().name();
      ctor.addParameter(g.buffer() != null ? Types.MATRIX : TypeName.DOUBLE, component);
      doc.add("@param $L the gradient with respect to {@code $L}\n", component, JavaText.javadoc(g.param().name()));
    }
    return TypeSpec.recordBuilder("Result")
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc(doc.build())
        .build();
  }
}
