package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Emit stage: the types generated code refers to. The processor does not link the runtime. */
final class Types {
  private Types() {}

  static final ClassName MATRIX = ClassName.get("dev.tracegrad", "Matrix");
  static final ClassName INDEXING = ClassName.get("dev.tracegrad.kernel", "Indexing");
  static final ClassName CHECKS = ClassName.get("dev.tracegrad.kernel", "Checks");
  static final ClassName LU = ClassName.get("dev.tracegrad.kernel", "Lu");
  static final ClassName FN = ClassName.bestGuess(EntrywiseFunction.RuntimeCall.RUNTIME);
  static final ClassName GEMM = ClassName.get("dev.tracegrad.kernel", "Gemm");
  static final ClassName ARRAY_FUNCTIONS = ClassName.bestGuess(EntrywiseFunction.RuntimeCall.ARRAY_FUNCTIONS);
  static final ClassName NORMAL = ClassName.bestGuess(EntrywiseFunction.RuntimeCall.NORMAL);
  static final ClassName WORKSPACE = ClassName.get("dev.tracegrad.kernel", "Workspace");
  static final ClassName VARIABLES = ClassName.get("dev.tracegrad.kernel", "Variables");
  static final ClassName OBJECTIVE = ClassName.get("dev.tracegrad.optim", "Objective");
  static final ClassName SINGULAR = ClassName.get("dev.tracegrad", "SingularMatrixException");
  static final ClassName MATH = ClassName.bestGuess(EntrywiseFunction.RuntimeCall.MATH);
  static final ClassName DOUBLE = ClassName.get("java.lang", "Double");
  static final ClassName STRING = ClassName.get("java.lang", "String");
  static final ClassName ILLEGAL_ARGUMENT = ClassName.get("java.lang", "IllegalArgumentException");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName GENERATED_GRADIENT = ClassName.get("dev.tracegrad", "GeneratedGradient");
  /**
   * The static members generated code uses, by owner, in a fixed order (for static imports): the
   * entrywise functions' calls as their table gives them, and the members the writers name
   * themselves. A test checks each against the runtime and the JDK.
   */
  static final Map<ClassName, List<String>> STATIC_MEMBERS = staticMembers();

  private static Map<ClassName, List<String>> staticMembers() {
    Map<ClassName, Set<String>> m = new LinkedHashMap<>();
    m.put(MATRIX, new TreeSet<>(List.of("zeros")));
    m.put(CHECKS, new TreeSet<>(List.of("distinctArrays", "nonNull", "notAliased", "outputShape", "shapeMismatch", "size")));
    m.put(LU, new TreeSet<>(List.of(
        "det", "factor", "inverse", "logAbsDet", "requireNonSingular", "solve", "solveTransposed")));
    m.put(FN, new TreeSet<>());
    m.put(NORMAL, new TreeSet<>());
    m.put(ARRAY_FUNCTIONS, new TreeSet<>());
    m.put(GEMM, new TreeSet<>(List.of("multiply")));
    m.put(VARIABLES, new TreeSet<>(List.of("check", "scalar", "scalarData")));
    // the writers' own: softmax's exp/log/max, pow, the length check
    m.put(MATH, new TreeSet<>(List.of("exp", "log", "max", "min", "multiplyExact", "pow")));
    m.put(DOUBLE, new TreeSet<>(List.of("NEGATIVE_INFINITY", "NaN", "POSITIVE_INFINITY")));
    m.put(ARRAYS, new TreeSet<>(List.of("fill")));
    m.put(STRING, new TreeSet<>(List.of("join")));
    List<EntrywiseFunction.RuntimeCall> calls = new ArrayList<>();
    for (EntrywiseFunction f : EntrywiseFunction.values()) {
      calls.add(f.call());
      f.arrayPass().ifPresent(calls::add);
    }
    calls.add(EntrywiseFunction.RuntimeCall.EXP_NEG_ABS);
    for (EntrywiseFunction.RuntimeCall c : calls) {
      if (!c.inline()) {
        m.get(ClassName.bestGuess(c.owner())).add(c.method());
      }
    }
    Map<ClassName, List<String>> out = new LinkedHashMap<>();
    m.forEach((owner, members) -> out.put(owner, List.copyOf(members)));
    return out;
  }

  static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
  static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);
  static final TypeName MATRIX_ARRAY = ArrayTypeName.of(MATRIX);
  static final TypeName STRING_ARRAY = ArrayTypeName.of(STRING);

  /** Simple names of every referenced type, which a user's variable of that name would obscure. */
  static final String[] SIMPLE_NAMES = {
    "Matrix", "Checks", "Lu", "Fn", "ArrayFunctions", "Gemm", "Normal", "Workspace", "Variables", "Objective", "SingularMatrixException", "Math", "Double", "String",
    "IllegalArgumentException", "Arrays", "Generated", "GeneratedGradient"
  };

  /** The Java type of a leaf the passes take: Matrix, double or int[]. */
  static TypeName leaf(dev.tracegrad.processor.ir.Parameter p) {
    return p.index() ? ArrayTypeName.of(TypeName.INT) : p.matrix() ? MATRIX : TypeName.DOUBLE;
  }
}
