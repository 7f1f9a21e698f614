package dev.tracegrad.processor.diagnostic;

import java.util.Locale;

/**
 * Every diagnostic the processor can print, with its id and text. Rendered as
 * {@code [TraceGradId] text}; texts say what is wrong and what is allowed. Format arguments are
 * {@link String#format} arguments, formatted with {@link Locale#ROOT}.
 */
public enum Message {
  INTERNAL_ERROR("InternalError",
      "TraceGrad failed on this method; please report it with this trace:\n%s"),
  NEEDS_JAVAC("NeedsJavac",
      "TraceGrad reads method bodies through javac's Tree API and needs javac's own annotation"
          + " processing environment; this one is %s, and no javac environment was found inside"
          + " it, so no @Differentiable method of this compilation is generated (compile with"
          + " javac; Eclipse's compiler is not supported)"),
  DUPLICATE_CLASS_NAME("DuplicateClassName",
      "the generated class %s is asked for by this method and by %s, so it is not generated for"
          + " this method; give each method a distinct @Differentiable(name = \"...\")"),
  CLASS_EXISTS("ClassExists",
      "a type named %s already exists%s, so the gradient class cannot be generated under that"
          + " name; choose another with @Differentiable(name = \"...\")"),
  CANNOT_WRITE("CannotWrite", "cannot write the generated class %s: %s"),
  DEBUG_STAGE("Debug", "%s:\n%s"),

  // ---------------------------------------------------------------- the method's declaration
  NO_SOURCE("NoSource",
      "the source of %s is not available, so its body cannot be read; @Differentiable methods"
          + " must be compiled from source"),
  CONSTRUCTOR("Constructor",
      "@Differentiable applies to static methods returning double, not to constructors"),
  NO_BODY("NoBody",
      "%s is %s and has no body to differentiate; @Differentiable needs a static method with a"
          + " body"),
  NOT_STATIC("NotStatic",
      "%s must be static: @Differentiable methods are static methods of Matrix and double"
          + " parameters"),
  WRONG_RETURN_TYPE("WrongReturnType",
      "%s returns %s; a @Differentiable method must return double (the scalar loss)"),
  WRONG_PARAMETER_TYPE("WrongParameterType",
      "parameter %s has type %s; parameters of a @Differentiable method must be"
          + " dev.tracegrad.Matrix or double"),
  VARARGS("Varargs",
      "%s is varargs; declare each Matrix or double parameter separately"),
  TYPE_PARAMETERS("TypeParameters",
      "%s declares type parameters; a @Differentiable method takes only Matrix and double"
          + " parameters"),
  UNKNOWN_WRT("UnknownWrt",
      "wrt names \"%s\", which is not a parameter of %s; wrt may name these parameters: %s"),
  DUPLICATE_WRT("DuplicateWrt",
      "wrt names \"%s\" more than once; list each parameter once"),
  TOO_MANY_PARAMETERS("TooManyParameters",
      "the buffer-taking gradient of %s would need %d parameter slots (its parameters, a double"
          + " counting twice, plus one output per wrt parameter), more than the JVM's %d; pass"
          + " fewer, larger matrices or differentiate with respect to fewer parameters"),
  HVP_TOO_MANY_PARAMETERS("HvpTooManyParameters",
      "hvp = true: the buffer-taking hvp of %s would need %d parameter slots (its parameters and"
          + " one direction per wrt parameter, a double counting twice, plus one output per wrt"
          + " parameter), more than the JVM's %d; pass fewer, larger matrices, differentiate"
          + " with respect to fewer parameters, or leave hvp false"),
  NOTHING_TO_DIFFERENTIATE("NothingToDifferentiate",
      "%s has no Matrix parameter and wrt is empty, so there is nothing to differentiate; add a"
          + " Matrix parameter or name a double parameter in wrt"),
  INVALID_NAME("InvalidName",
      "name \"%s\" is not a valid simple Java class name; use an identifier such as"
          + " \"LossGradient\", or leave name empty for the default"),
  NAME_CLASH("NameClash",
      "name \"%s\" is the name of the enclosing class %s; choose another name for the"
          + " generated class, or leave name empty for the default"),

  // ---------------------------------------------------------------- statements
  UNSUPPORTED_STATEMENT("UnsupportedStatement",
      "%s is not supported here; the body may contain only local Matrix, double or var"
          + " declarations followed by one return"),
  MISSING_RETURN("MissingReturn",
      "%s must end with 'return <double expression>;' after its local declarations"),
  RETURN_NOT_LAST("ReturnNotLast",
      "return must be the last statement; the body is local declarations followed by one"
          + " return"),
  MISSING_INITIALIZER("MissingInitializer",
      "local %s has no initializer; declare every local with its value, e.g. Matrix h ="
          + " sigmoid(a);"),
  WRONG_LOCAL_TYPE("WrongLocalType",
      "local %s is declared %s; locals must be declared Matrix, double or var"),
  INT_LOCAL("IntLocal",
      "local %s is inferred as int from its initializer; declare it double (int locals are"
          + " not supported)"),
  REASSIGNMENT("Reassignment",
      "%s assigns to %s again; parameters and locals are assigned exactly once (declare a new"
          + " local instead)"),

  // ---------------------------------------------------------------- expressions
  UNSUPPORTED_EXPRESSION("UnsupportedExpression",
      "%s is not supported; expressions may use parameters, earlier locals, int and double"
          + " literals, Ops calls, + - * / on doubles and Math.log, Math.exp, Math.sqrt,"
          + " Math.pow"),
  UNKNOWN_NAME("UnknownName",
      "%s is not a parameter or an earlier local; expressions may only use the method's"
          + " parameters and locals declared before this point"),
  UNSUPPORTED_LITERAL("UnsupportedLiteral",
      "%s literal %s is not supported; use int or double literals such as 2, 2.0 or 1e-3"),
  UNSUPPORTED_OPERATOR("UnsupportedOperator",
      "operator %s is not supported; double expressions may use + - * / and unary minus"),
  MATRIX_OPERATOR("MatrixOperator",
      "operator %s cannot be applied to the Matrix %s; %s"),
  INT_DIVISION_BY_ZERO("IntDivisionByZero",
      "%s divides an int by zero, which throws ArithmeticException; write a double literal"
          + " (e.g. 1.0) if a floating-point division is meant"),
  UNKNOWN_CALL("UnknownCall",
      "%s: %s; calls may only be the methods of dev.tracegrad.Ops (statically imported or"
          + " qualified) and Math.log, Math.exp, Math.sqrt, Math.pow"),
  WRONG_ARITY("WrongArity",
      "%s is given %d argument(s), but %s takes %d"),
  EXPECTED_MATRIX("ExpectedMatrix",
      "%s is a double, but %s needs a Matrix here"),
  EXPECTED_SCALAR("ExpectedScalar",
      "%s is a Matrix, but %s needs a double here%s"),
  WRT_DEPENDENT_EXPONENT("WrtDependentExponent",
      "the exponent %s depends on %s, which is differentiated (wrt); the exponent of %s must"
          + " not depend on a wrt parameter");

  private final String id;
  private final String format;

  Message(String id, String format) {
    this.id = id;
    this.format = format;
  }

  /** The id as printed, e.g. {@code TraceGradInternalError}. */
  public String id() {
    return "TraceGrad" + id;
  }

  /** The full text with its id prefix. */
  public String render(Object... args) {
    return "[" + id() + "] " + String.format(Locale.ROOT, format, args);
  }
}
