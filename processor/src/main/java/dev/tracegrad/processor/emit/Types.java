package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

/** Emit stage: the types generated code refers to. The processor does not link the runtime. */
final class Types {
  private Types() {}

  static final ClassName MATRIX = ClassName.get("dev.tracegrad", "Matrix");
  static final ClassName CHECKS = ClassName.get("dev.tracegrad.kernel", "Checks");
  static final ClassName LU = ClassName.get("dev.tracegrad.kernel", "Lu");
  static final ClassName FN = ClassName.get("dev.tracegrad.kernel", "Fn");
  static final ClassName GEMM = ClassName.get("dev.tracegrad.kernel", "Gemm");
  static final ClassName GEMM_WORKSPACE = GEMM.nestedClass("Workspace");
  static final ClassName SINGULAR = ClassName.get("dev.tracegrad", "SingularMatrixException");
  static final ClassName MATH = ClassName.get("java.lang", "Math");
  static final ClassName DOUBLE = ClassName.get("java.lang", "Double");
  static final ClassName STRING = ClassName.get("java.lang", "String");
  static final ClassName ILLEGAL_ARGUMENT = ClassName.get("java.lang", "IllegalArgumentException");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
  static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);

  /** Simple names of every referenced type, which a user's variable of that name would obscure. */
  static final String[] SIMPLE_NAMES = {
    "Matrix", "Checks", "Lu", "Fn", "Gemm", "SingularMatrixException", "Math", "Double", "String",
    "IllegalArgumentException", "Arrays", "Generated"
  };
}
