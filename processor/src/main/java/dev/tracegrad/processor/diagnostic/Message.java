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
      "wrt names %s, which has type %s; a parameter in wrt must be dev.tracegrad.Matrix or"
          + " double (parameters not in wrt may have any type: they are data)"),
  VARARGS("Varargs",
      "%s is varargs; declare each parameter separately (an array parameter is fine)"),
  TYPE_PARAMETERS("TypeParameters",
      "%s declares type parameters; give its parameters concrete types"),
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
      "%s is not supported here; the body may contain only local declarations followed by one"
          + " return (move loops and ifs into a static helper method that computes data)"),
  MISSING_RETURN("MissingReturn",
      "%s must end with 'return <double expression>;' after its local declarations"),
  RETURN_NOT_LAST("ReturnNotLast",
      "return must be the last statement; the body is local declarations followed by one"
          + " return"),
  MISSING_INITIALIZER("MissingInitializer",
      "local %s has no initializer; declare every local with its value, e.g. Matrix h ="
          + " sigmoid(a);"),
  WRONG_LOCAL_TYPE("WrongLocalType",
      "local %s is declared %s but holds %s, which depends on the wrt parameter %s; declare it"
          + " Matrix or double"),
  VAR_DATA_LOCAL("VarDataLocal",
      "local %s is declared var, but its initializer %s is Java code run on data, whose type"
          + " the processor cannot see before compilation; declare its type (e.g. int %s = ...)"),
  REASSIGNMENT("Reassignment",
      "%s assigns to %s again; parameters and locals are assigned exactly once (declare a new"
          + " local instead)"),

  // ---------------------------------------------------------------- expressions
  UNSUPPORTED_EXPRESSION("UnsupportedExpression",
      "%s is not supported on the differentiable path; values that depend on a wrt parameter may"
          + " use Ops calls, + - * / on doubles, the DSL's Math functions and helper methods of"
          + " this class"),
  NOT_CARRIED_OVER("NotCarriedOver",
      "%s cannot be carried over into the generated class; move it into a static helper method"
          + " of this class, or pass its value as a parameter"),
  PRIVATE_MEMBER("PrivateMember",
      "%s is private, so the generated class cannot read it; make it package-private (remove"
          + " 'private')"),
  WRT_DEPENDENT_DATA("WrtDependentData",
      "%s depends on the wrt parameter %s, but %s runs as plain Java on data; on the"
          + " differentiable path use Ops operations, + - * / on doubles, the DSL's Math functions"
          + " and helper methods of this class whose bodies follow the body rules"),
  UNKNOWN_NAME("UnknownName",
      "%s is not a parameter or an earlier local; expressions may only use the method's"
          + " parameters and locals declared before this point"),
  UNSUPPORTED_OPERATOR("UnsupportedOperator",
      "operator %s is not supported; double expressions may use + - * / and unary minus"),
  MATRIX_OPERATOR("MatrixOperator",
      "operator %s cannot be applied to the Matrix %s; %s"),
  INT_DIVISION_BY_ZERO("IntDivisionByZero",
      "%s divides an int by zero, which throws ArithmeticException; write a double literal"
          + " (e.g. 1.0) if a floating-point division is meant"),
  UNKNOWN_CALL("UnknownCall",
      "%s: %s; on the differentiable path calls may be the methods of dev.tracegrad.Ops"
          + " (statically imported or qualified), the DSL's Math functions and static helper"
          + " methods of this class"),
  WRONG_ARITY("WrongArity",
      "%s is given %d argument(s), but %s takes %d"),
  EXPECTED_MATRIX("ExpectedMatrix",
      "%s is a double, but %s needs a Matrix here"),
  EXPECTED_SCALAR("ExpectedScalar",
      "%s is a Matrix, but %s needs a double here%s"),
  INDEX_ARRAY("IndexArray",
      "%s is a %s, but argument 2 of %s is an int[] of indices (data: a parameter, a local or any"
          + " Java expression of type int[])"),
  WRT_DEPENDENT_EXPONENT("WrtDependentExponent",
      "the exponent %s depends on %s, which is differentiated (wrt); the exponent of %s must"
          + " not depend on a wrt parameter"),
  BAD_SIZE("BadSize",
      "%s cannot be a size of %s: %s; a size is a non-negative whole number given as a literal,"
          + " rows(A) or cols(A), or data (a value that does not depend on a wrt parameter, such as"
          + " a parameter not in wrt, X.rows() or a local computed from them)"),

  // ---------------------------------------------------------------- helper methods
  HELPER_IN_OTHER_FILE("HelperInOtherFile",
      "%s is declared in %s, another source file, and is called here with %s, which depends on"
          + " the wrt parameter %s; a helper on the differentiable path is inlined and must be"
          + " declared in the same top-level class as the @Differentiable method (so that"
          + " recompiling that file regenerates the gradient): move it there"),
  HELPER_ON_DATA_BREAKS_RULES("HelperOnDataBreaksRules",
      "helper %s is called here with data only and is inlined, its body being local declarations"
          + " and one return, but it breaks the body rules: %s (see the next error)"),
  HELPER_RECURSION("HelperRecursion",
      "helper %s is called on the differentiable path inside its own inlining (%s); helpers"
          + " are inlined, so they cannot be recursive"),
  HELPER_BREAKS_RULES("HelperBreaksRules",
      "helper %s is called here with %s, which depends on the wrt parameter %s, so it is"
          + " inlined, but its body breaks the body rules: %s (see the next error); keep"
          + " loops and ifs in helpers that compute data only"),
  HELPER_PARAMETER_TYPE("HelperParameterType",
      "parameter %s of helper %s has type %s but receives %s, which depends on the wrt parameter"
          + " %s; a helper parameter that receives a wrt-dependent value must be Matrix or"
          + " double"),
  HELPER_NOT_SINGLE("HelperOverloaded",
      "helper %s is called here with %s, which depends on the wrt parameter %s, so it is"
          + " inlined, but %s; give the helper a distinct name and a body");

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
