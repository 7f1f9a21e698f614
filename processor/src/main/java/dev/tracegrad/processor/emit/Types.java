package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Emit stage: the types generated code refers to. The processor does not link the runtime. */
final class Types {
  private Types() {}

  static final ClassName MATRIX = ClassName.get("dev.tracegrad", "Matrix");
  static final ClassName CHECKS = ClassName.get("dev.tracegrad.kernel", "Checks");
  static final ClassName LU = ClassName.get("dev.tracegrad.kernel", "Lu");
  static final ClassName FN = ClassName.get("dev.tracegrad.kernel", "Fn");
  static final ClassName GEMM = ClassName.get("dev.tracegrad.kernel", "Gemm");
  static final ClassName WORKSPACE = ClassName.get("dev.tracegrad.kernel", "Workspace");
  static final ClassName SINGULAR = ClassName.get("dev.tracegrad", "SingularMatrixException");
  static final ClassName MATH = ClassName.get("java.lang", "Math");
  static final ClassName DOUBLE = ClassName.get("java.lang", "Double");
  static final ClassName STRING = ClassName.get("java.lang", "String");
  static final ClassName ILLEGAL_ARGUMENT = ClassName.get("java.lang", "IllegalArgumentException");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  /** The static members generated code uses, by owner, in a fixed order (for static imports). */
  static final Map<ClassName, List<String>> STATIC_MEMBERS = staticMembers();

  private static Map<ClassName, List<String>> staticMembers() {
    Map<ClassName, List<String>> m = new LinkedHashMap<>();
    m.put(MATRIX, List.of("zeros"));
    m.put(CHECKS, List.of("nonNull", "notAliased", "outputShape", "shapeMismatch"));
    m.put(LU, List.of("det", "factor", "inverse", "logAbsDet", "requireNonSingular", "solve", "solveTransposed"));
    m.put(FN, List.of("relu", "sigmoid", "sign", "softplus", "step", "tanh"));
    m.put(GEMM, List.of("multiply"));
    m.put(MATH, List.of("abs", "cos", "exp", "log", "max", "multiplyExact", "pow", "signum", "sin", "sqrt"));
    m.put(DOUBLE, List.of("NEGATIVE_INFINITY", "NaN", "POSITIVE_INFINITY"));
    m.put(ARRAYS, List.of("fill"));
    m.put(STRING, List.of("join"));
    return m;
  }
  static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
  static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);

  /** Simple names of every referenced type, which a user's variable of that name would obscure. */
  static final String[] SIMPLE_NAMES = {
    "Matrix", "Checks", "Lu", "Fn", "Gemm", "Workspace", "SingularMatrixException", "Math", "Double", "String",
    "IllegalArgumentException", "Arrays", "Generated"
  };
}
