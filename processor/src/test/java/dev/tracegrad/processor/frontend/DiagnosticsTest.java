package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: a bad method beside a good one reports exactly one error, with its id,
 * at the expected line and column, and the good method still reads into a program. The expected
 * position is given as a snippet of the source whose first character (plus an offset) is where
 * the caret must be.
 */
class DiagnosticsTest {

  /** Compiles class C with a good method and {@code bad}; returns the front end run. */
  private static FrontEnd compile(String bad) {
    return FrontEnd.read("p.C", source(bad));
  }

  private static String source(String bad) {
    return """
        package p;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        abstract class C {
          @Differentiable static double good(Matrix A, double s) { return s * sum(A); }
        """ + bad + "\n}\n";
  }

  /**
   * Asserts that compiling {@code bad} gives exactly one TraceGrad error, {@code [TraceGrad<id>]},
   * at the first occurrence of {@code at} shifted by {@code offset} columns, that the message
   * contains {@code text}, that method {@code key} read to nothing and that C#good read.
   */
  private static void assertError(String bad, String key, String id, String at, int offset,
      String text) {
    String source = source(bad);
    FrontEnd fe = FrontEnd.read("p.C", source);
    List<Diagnostic<?>> ours = fe.ours();
    assertWithMessage("diagnostics: %s", fe.compilation.diagnostics()).that(ours).hasSize(1);
    Diagnostic<?> d = ours.get(0);
    String message = d.getMessage(Locale.ROOT);
    assertThat(d.getKind()).isEqualTo(Diagnostic.Kind.ERROR);
    assertThat(message).startsWith("[TraceGrad" + id + "] ");
    assertThat(message).contains(text);
    int index = source.indexOf(at);
    assertWithMessage("snippet %s", at).that(index).isAtLeast(0);
    String before = source.substring(0, index);
    long line = before.chars().filter(c -> c == '\n').count() + 1;
    long column = index - (before.lastIndexOf('\n') + 1) + 1 + offset;
    assertWithMessage("%s", message).that(d.getLineNumber() + ":" + d.getColumnNumber())
        .isEqualTo(line + ":" + column);
    assertThat(d.getSource().toString()).contains("p/C.java");
    assertThat(fe.result("C#" + key)).isEmpty();
    assertThat(fe.result("C#good")).isPresent();
  }

  private static void assertError(String bad, String id, String at, String text) {
    assertError(bad, "bad", id, at, 0, text);
  }

  // ---------------------------------------------------------------- declaration

  @Test
  void notStatic() {
    assertError("@Differentiable double bad(Matrix A) { return sum(A); }",
        "NotStatic", "bad(", "C.bad must be static");
  }

  @Test
  void wrongReturnTypeWithoutComplainingAboutTheReturnedMatrix() {
    assertError("@Differentiable static Matrix bad(Matrix A) { return t(A); }",
        "WrongReturnType", "bad(", "C.bad returns dev.tracegrad.Matrix; a @Differentiable method"
            + " must return double");
  }

  @Test
  void wrtNamingAParameterThatIsNeitherMatrixNorDouble() {
    assertError("@Differentiable(wrt = {\"A\", \"n\"}) static double bad(Matrix A, int n) {"
            + " return sum(A) * n; }",
        "WrongParameterType", "\"n\"}", "wrt names n, which has type int; a parameter in wrt"
            + " must be dev.tracegrad.Matrix or double (parameters not in wrt may have any type");
  }

  @Test
  void varargs() {
    assertError("@Differentiable static double bad(Matrix... As) { return 1.0; }",
        "Varargs", "bad(", "C.bad is varargs");
  }

  @Test
  void typeParameters() {
    assertError("@Differentiable static <T> double bad(Matrix A) { return sum(A); }",
        "TypeParameters", "bad(", "C.bad declares type parameters");
  }

  @Test
  void abstractMethod() {
    assertError("@Differentiable abstract double bad(Matrix A);",
        "NoBody", "bad(", "C.bad is abstract and has no body");
  }

  @Test
  void nativeMethod() {
    assertError("@Differentiable static native double bad(Matrix A);",
        "NoBody", "bad(", "C.bad is native");
  }

  @Test
  void unknownWrtOnTheArrayElement() {
    assertError("@Differentiable(wrt = {\"A\", \"B\"}) static double bad(Matrix A) {"
            + " return sum(A); }",
        "UnknownWrt", "\"B\"", "wrt names \"B\", which is not a parameter of C.bad; wrt may"
            + " name these parameters: A");
  }

  @Test
  void unknownWrtSingleValueShorthand() {
    assertError("@Differentiable(wrt = \"x\") static double bad(Matrix A, double s) {"
            + " return s * sum(A); }",
        "UnknownWrt", "\"x\"", "parameters: A, s");
  }

  @Test
  void duplicateWrtOnTheSecondOccurrence() {
    assertError("@Differentiable(wrt = {\"A\", \"A\"}) static double bad(Matrix A) {"
            + " return sum(A); }",
        "bad", "DuplicateWrt", ", \"A\"}", 2, "wrt names \"A\" more than once");
  }

  @Test
  void nothingToDifferentiate() {
    assertError("@Differentiable static double bad(double s) { return s * s; }",
        "NothingToDifferentiate", "bad(", "C.bad has no Matrix parameter and wrt is empty");
  }

  @Test
  void tooManyParameterSlotsForTheBufferOverload() {
    // 126 matrices differentiated: 1 + 126 + 126 outputs = 253 slots, fine; two doubles more
    // (2 slots each) make 257, past the JVM's 255.
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < 126; i++) {
      params.append(i == 0 ? "" : ", ").append("Matrix A").append(i);
    }
    assertError("@Differentiable static double bad(" + params + ", double s, double t) {"
            + " return sum(A0) * s * t; }",
        "TooManyParameters", "bad(", "would need 257 parameter slots");
  }

  @Test
  void invalidName() {
    assertError("@Differentiable(name = \"9Lives\") static double bad(Matrix A) {"
            + " return sum(A); }",
        "InvalidName", "\"9Lives\"", "name \"9Lives\" is not a valid simple Java class name");
  }

  @Test
  void keywordIsAnInvalidName() {
    assertError("@Differentiable(name = \"class\") static double bad(Matrix A) {"
            + " return sum(A); }",
        "InvalidName", "\"class\"", "name \"class\"");
  }

  @Test
  void nameClashWithTheEnclosingClass() {
    assertError("@Differentiable(name = \"C\") static double bad(Matrix A) { return sum(A); }",
        "NameClash", "\"C\"", "name \"C\" is the name of the enclosing class p.C");
  }

  // ---------------------------------------------------------------- statements

  @Test
  void loop() {
    assertError("@Differentiable static double bad(Matrix A) {\n"
            + "    double s = sum(A);\n"
            + "    for (int i = 0; i < 2; i++) { }\n"
            + "    return s;\n"
            + "  }",
        "UnsupportedStatement", "for (", "a for loop is not supported here; the body may"
            + " contain only local declarations followed by one return (move loops and ifs into"
            + " a static helper method that computes data)");
  }

  @Test
  void ifStatement() {
    assertError("@Differentiable static double bad(Matrix A, double s) {\n"
            + "    if (s > 0) { return sum(A); }\n"
            + "    return s;\n"
            + "  }",
        "UnsupportedStatement", "if (", "an if statement is not supported");
  }

  @Test
  void returnsInsideAnIfAreNotAlsoMissing() {
    assertError("@Differentiable static double bad(Matrix A, double s) {\n"
            + "    if (s > 0) { return sum(A); } else { return s; }\n"
            + "  }",
        "UnsupportedStatement", "if (", "an if statement is not supported");
  }

  @Test
  void returnWithoutValue() {
    assertError("@Differentiable static double bad(Matrix A) { return; }",
        "UnsupportedStatement", "return; }", "a return without a value is not supported");
  }

  @Test
  void expressionStatement() {
    assertError("@Differentiable static double bad(Matrix A) {\n"
            + "    sum(A);\n"
            + "    return sum(A);\n"
            + "  }",
        "UnsupportedStatement", "sum(A);\n", "an expression statement is not supported");
  }

  @Test
  void missingReturn() {
    assertError("@Differentiable static double bad(Matrix A) { double s = sum(A); }",
        "MissingReturn", "bad(", "bad must end with 'return <double expression>;'");
  }

  @Test
  void returnNotLast() {
    assertError("@Differentiable static double bad(Matrix A) {\n"
            + "    return sum(A);\n"
            + "    double s = 1;\n"
            + "  }",
        "ReturnNotLast", "return sum(A);\n", "return must be the last statement");
  }

  @Test
  void missingInitializer() {
    assertError("@Differentiable static double bad(Matrix A) { Matrix B; return sum(A); }",
        "MissingInitializer", "B;", "local B has no initializer");
  }

  @Test
  void wrongLocalTypeAndItsUsesStaySilent() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " Object h = mul(A, A); return sum(A) + h.hashCode(); }",
        "WrongLocalType", "Object h", "local h is declared Object but holds mul(A, A), which"
            + " depends on the wrt parameter A; declare it Matrix or double");
  }

  /** int n = X.cols(), d = X.rows(): each declarator's error is on its own name, not the shared int. */
  @Test
  void wrongLocalTypeSharedByTwoDeclarators() {
    String source = source("@Differentiable static double bad(Matrix X) {\n"
        + "    Object n = t(X), d = mul(X, X);\n"
        + "    return sum(X) + n.hashCode() + d.hashCode();\n"
        + "  }");
    FrontEnd fe = FrontEnd.read("p.C", source);
    // 'Object n' starts at column 5: n is at 12, d at 22
    assertThat(fe.ourPositions()).containsExactly(
        "7:12 [TraceGradWrongLocalType]", "7:22 [TraceGradWrongLocalType]").inOrder();
    assertThat(fe.ours().get(0).getMessage(Locale.ROOT)).isEqualTo("[TraceGradWrongLocalType]"
        + " local n is declared Object but holds t(X), which depends on the wrt parameter X;"
        + " declare it Matrix or double");
    assertThat(fe.ours().get(1).getMessage(Locale.ROOT)).isEqualTo("[TraceGradWrongLocalType]"
        + " local d is declared Object but holds mul(X, X), which depends on the wrt parameter X;"
        + " declare it Matrix or double");
    assertThat(fe.ours().get(1).getSource().toString()).contains("p/C.java");
    assertThat(fe.result("C#bad")).isEmpty();
    assertThat(fe.result("C#good")).isPresent();
  }

  @Test
  void varDataLocalWithANonLiteralInitializer() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " var n = A.rows(); return sum(A) / n; }",
        "VarDataLocal", "n = A", "local n is declared var, but its initializer A.rows() is Java"
            + " code run on data, whose type the processor cannot see before compilation; declare"
            + " its type (e.g. int n = ...)");
  }

  @Test
  void reassignedLocal() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " Matrix B = A; B = t(A); return sum(B); }",
        "bad", "Reassignment", "= t(A)", 0, "B = t(A) assigns to B again; parameters and locals"
            + " are assigned exactly once");
  }

  @Test
  void reassignedParameter() {
    assertError("@Differentiable static double bad(Matrix A) { A = t(A); return sum(A); }",
        "bad", "Reassignment", "= t(A)", 0, "assigns to A again");
  }

  @Test
  void compoundAssignment() {
    assertError("@Differentiable static double bad(Matrix A, double s) {"
            + " s *= 2; return s * sum(A); }",
        "Reassignment", "*= 2", "s *= 2 assigns to s again");
  }

  @Test
  void incrementInsideAnExpression() {
    assertError("@Differentiable static double bad(Matrix A, double s) {"
            + " return s++ * sum(A); }",
        "bad", "Reassignment", "++ *", 0, "s++ assigns to s again");
  }

  // ---------------------------------------------------------------- expressions

  @Test
  void conditionalOnTheDifferentiablePath() {
    assertError("@Differentiable static double bad(Matrix A, double s) {"
            + " return s > 0 ? sum(A) : 0.0; }",
        "WrtDependentData", "A) :", "'A' depends on the wrt parameter A, but the code around it"
            + " runs as plain Java on data; on the differentiable path use Ops operations");
  }

  @Test
  void castOfAWrtDependentValue() {
    assertError("@Differentiable static double bad(Matrix B) { return (double) sum(B); }",
        "WrtDependentData", "B); }", "'B' depends on the wrt parameter B");
  }

  @Test
  void lambda() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " return sum(() -> A); }",
        "NotCarriedOver", "() ->", "a lambda expression cannot be carried over into the generated"
            + " class; move it into a static helper method of this class, or pass its value as a"
            + " parameter");
  }

  @Test
  void methodReference() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " return sum(Ops::t); }",
        "NotCarriedOver", "Ops::t", "a method reference cannot be carried over");
  }

  @Test
  void explicitTypeArguments() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " return Ops.<Matrix>sum(A); }",
        "UnsupportedExpression", "Matrix>", "a call with explicit type arguments");
  }

  @Test
  void privateFieldReadByData() {
    assertError("private static final double[] RATES = {0.1};\n"
            + "  @Differentiable static double bad(Matrix A) { return RATES[0] * sum(A); }",
        "PrivateMember", "RATES[0] *", "C.RATES is private, so the generated class cannot read"
            + " it; make it package-private (remove 'private')");
  }

  @Test
  void privateHelperCalledOnData() {
    // with a loop, so called as written (an inlined helper's own visibility does not matter)
    assertError("private static double rate(int n) {"
            + " double r = 0; for (int i = 0; i < n; i++) { r += 1; } return r; }\n"
            + "  @Differentiable static double bad(Matrix A) { return rate(A.rows()) * sum(A); }",
        "PrivateMember", "rate(A.rows()) *", "C.rate is private");
  }

  @Test
  void unknownName() {
    assertError("@Differentiable static double bad(Matrix A) { return rate * sum(A); }",
        "UnknownName", "rate *", "'rate' is not a parameter or an earlier local");
  }

  @Test
  void wrtDependentValueToAMatrixMethod() {
    assertError("@Differentiable static double bad(Matrix A) { return A.get(0, 0) * sum(A); }",
        "WrtDependentData", "A.get", "'A' depends on the wrt parameter A, but 'A.get(0, 0)' runs"
            + " as plain Java on data");
  }

  @Test
  void remainderOperator() {
    assertError("@Differentiable static double bad(Matrix A, double s) {"
            + " return sum(A) % 2 * s; }",
        "UnsupportedOperator", "% 2", "operator % is not supported");
  }

  @Test
  void matrixOperandOfPlus() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " Matrix B = A + A; return sum(B); }",
        "MatrixOperator", "+ A", "operator + cannot be applied to the Matrix A; use add(A, B)");
  }

  @Test
  void unaryMinusOfAMatrix() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(-A); }",
        "MatrixOperator", "-A", "operator unary - cannot be applied to the Matrix A; use neg(A)");
  }

  @Test
  void intDivisionByZero() {
    assertError("@Differentiable static double bad(Matrix A) { return 1 / 0 * sum(A); }",
        "IntDivisionByZero", "/ 0", "1 / 0 divides an int by zero");
  }

  @Test
  void helperTakingOtherArguments() {
    // Ops has no affine: the message must not speak of an Ops.affine it would shadow.
    String bad = "static Matrix affine(Matrix A, Matrix B) { return A; }\n"
        + "  @Differentiable static double bad(Matrix A) { return sum(affine(A)); }";
    assertError(bad, "HelperOverloaded", "affine(A))", "helper affine is called here with 'A',"
        + " which depends on the wrt parameter A, so it is inlined, but it takes 2 argument(s)");
    FrontEnd fe = compile(bad);
    assertThat(fe.ours().get(0).getMessage(Locale.ROOT)).doesNotContain("Ops.affine");
  }

  @Test
  void unsupportedMathFunction() {
    assertError("@Differentiable static double bad(Matrix A) { return Math.atan(sum(A)); }",
        "bad", "UnknownCall", ".atan", 0, "Math.atan(sum(A)): Math.atan is not supported");
  }

  @Test
  void sizeThatIsNotAWholeNumber() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(mul(A, eye(2.5))); }",
        "bad", "BadSize", "2.5", 0, "2.5 cannot be a size of eye(2.5): it is not a non-negative whole"
            + " number; a size is a non-negative whole number given as a literal, rows(A) or cols(A),"
            + " or data (a value that does not depend on a wrt parameter, such as a parameter not in"
            + " wrt, X.rows() or a local computed from them)");
  }

  @Test
  void negativeSize() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(A) * sum(ones(-1, 2)); }",
        "bad", "BadSize", "-1,", 0, "-1 cannot be a size of ones(-1, 2): it is negative");
  }

  @Test
  void sizeThatDependsOnWrt() {
    assertError("@Differentiable(wrt = {\"A\", \"s\"}) static double bad(Matrix A, double s) {"
        + " return sum(A) * sum(eye(s)); }",
        "bad", "BadSize", "s)); }", 0, "s cannot be a size of eye(s): it depends on s, which is"
            + " differentiated (wrt)");
  }

  @Test
  void computedSize() {
    // + - * of shapes are sizes (2 * rows(A) is 2 * A.rows()); a quotient of doubles is not
    assertError("@Differentiable static double bad(Matrix A) { return sum(mul(A, eye(rows(A) / 2))); }",
        "bad", "BadSize", "rows(A) / 2", 8, "rows(A) / 2 cannot be a size of eye(rows(A) / 2): it is computed");
  }

  @Test
  void dataOfUnseenTypeWhereAMatrixOrADoubleCouldGo() {
    // half(n) has a loop, so it runs as written; its type is not read while the body is, and
    // sub takes a Matrix or a double first
    assertError("static double half(int n) { double s = 0; for (int i = 0; i < n; i++) { s += 0.5; }"
        + " return s; }\n@Differentiable(wrt = \"A\") static double bad(Matrix A, int n) {"
        + " return sum(sub(half(n), A)); }",
        // javac places a call at its parenthesis
        "bad", "DataOfUnseenType", "half(n), A", 4, "half(n) is data whose type cannot be read here,"
            + " and sub takes a Matrix or a double in its place; declare it in a typed local first");
  }

  @Test
  void shapeQueryIsANumberWhereAMatrixOrADoubleCouldGo() {
    FrontEnd fe = FrontEnd.read("p.C", source(
        "@Differentiable(wrt = \"Q\") static double fine(Matrix X, Matrix Q) { return sum(sub(Q.cols(), X)); }"));
    assertThat(fe.ours()).isEmpty();
    assertThat(fe.result("C#fine")).isPresent();
  }

  @Test
  void opsMethodThatIsNotAnOperation() {
    assertError("@Differentiable static double bad(Matrix A) { return Ops.cumsum(A); }",
        "bad", "UnknownCall", ".cumsum", 0, "Ops has no operation 'cumsum'");
  }

  @Test
  void wrongArity() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(A, A); }",
        "WrongArity", "sum(A, A)", "sum(A, A) is given 2 argument(s), but sum(Matrix) takes 1");
  }

  @Test
  void expectedMatrixArgument() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(mul(A, 2.0)); }",
        "ExpectedMatrix", "2.0", "2.0 is a double, but argument 2 of mul(Matrix, Matrix) needs"
            + " a Matrix here");
  }

  @Test
  void expectedMatrixInitializer() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " Matrix B = sum(A); return sum(B); }",
        // javac places diagnostics on a call at its opening parenthesis.
        "bad", "ExpectedMatrix", "(A); return sum(B)", 0,
        "sum(A) is a double, but local B (Matrix) needs a Matrix");
  }

  @Test
  void expectedScalarArgument() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(scale(A, A)); }",
        "ExpectedScalar", "A, A)", "A is a Matrix, but argument 1 of scale(double, Matrix) needs a"
            + " double here");
  }

  @Test
  void matrixToMathLog() {
    assertError("@Differentiable static double bad(Matrix A) { return Math.log(A); }",
        "bad", "ExpectedScalar", "A); }\n}", 0, "argument 1 of Math.log(double) needs a double here (for a"
            + " Matrix, Ops.log works elementwise)");
  }

  @Test
  void returnedMatrix() {
    assertError("@Differentiable static double bad(Matrix A) { return t(A); }",
        "bad", "ExpectedScalar", "(A); }\n}", 0,
        "t(A) is a Matrix, but the returned loss needs a double");
  }

  @Test
  void wrtDependentExponentOfPow() {
    assertError("@Differentiable(wrt = {\"A\", \"p\"})"
            + " static double bad(Matrix A, double p) { return sum(pow(A, 2 * p)); }",
        "bad", "WrtDependentExponent", "* p", 0, "the exponent 2 * p depends on p, which is"
            + " differentiated (wrt); the exponent of pow must not depend on a wrt parameter");
  }

  @Test
  void wrtDependentExponentOfMathPow() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " return Math.pow(2.0, sum(A)); }",
        "bad", "WrtDependentExponent", "(A))", 0, "the exponent sum(A) depends on A");
  }

  @Test
  void localClass() {
    assertError("@Differentiable static double bad(Matrix A) {\n"
            + "    class Local { }\n"
            + "    return sum(A);\n"
            + "  }",
        "UnsupportedStatement", "class Local", "a local class is not supported here");
  }

  @Test
  void instanceOf() {
    assertError("@Differentiable static double bad(Matrix A) {"
            + " double b = A instanceof Matrix; return b * sum(A); }",
        "WrtDependentData", "A instanceof", "'A' depends on the wrt parameter A");
  }

  @Test
  void thisInAStaticMethod() {
    assertError("@Differentiable static double bad(Matrix A) { return sum(this.t(A)); }",
        "NotCarriedOver", "this.t", "'this' cannot be carried over");
  }
}
