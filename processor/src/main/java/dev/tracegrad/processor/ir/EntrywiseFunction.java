package dev.tracegrad.processor.ir;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The entrywise functions: the one place the processor describes each of them (rule 8: d σ(X) =
 * σ′(X) ⊙ dX). An entry gives the DSL name ({@code Ops.tanh}), the {@code java.lang.Math} name
 * when a scalar may be written with it ({@code Math.log}), how the text prints it, the runtime
 * method generated code calls, whether that method shares the exponential e^−|x| with its
 * siblings, and the derivative σ′ as an expression in the functions of this table.
 *
 * <p>The derivative is written once, against {@link Algebra}, and every stage reads it into its
 * own form: the derive stage and the derivation text as symbolic expressions, the lowering rules as
 * graph nodes (so σ′ reuses the forward pass's σ), the tests as numbers. Because σ′ is itself an
 * expression of entrywise functions, σ″ follows by differentiating that expression with the same
 * rules ({@link #secondDerivative}).
 *
 * <p>{@link #STEP} and {@link #SIGN} only arise as derivatives (of relu and abs), {@link #RECIPROCAL}
 * in the gradient of norm, {@link #HALF_STEP} in those of max and min, {@link #NORM_PDF},
 * {@link #INVERSE_MILLS} and {@link #LOG_NORM_CDF_SECOND} in those of normCdf and logNormCdf,
 * {@link #DIGAMMA} and {@link #TRIGAMMA} in those of logGamma.
 *
 * <p>Each entry has an {@link Order}: how many derivatives away from a DSL function it is. Gradients
 * need σ′ of the functions a loss applies, Hessian-vector products the derivative of every
 * function a gradient applies, and nothing differentiates a Hessian-vector product; so an entry
 * that only arises as a second derivative carries no derivative of its own. That is what ends
 * chains such as ln Γ → ψ → ψ′ → ψ″ → …, whose further members the runtime need not have.
 */
public enum EntrywiseFunction {
  EXP("exp", "exp", "exp", "exp", RuntimeCall.math("exp"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(EXP, x); // exp′ = exp
    }

    @Override
    public Optional<RuntimeCall> arrayPass() {
      return Optional.of(RuntimeCall.arrayFunction("exp"));
    }
  },
  LOG("log", "log", "log", "log", RuntimeCall.math("log"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.divide(a.constant(1), x); // log′ = 1/x
    }
  },
  SIGMOID("sigmoid", null, "σ", "sigma", RuntimeCall.runtime("sigmoid"), true) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      T s = a.apply(SIGMOID, x); // σ′ = σ(1 − σ)
      return a.multiply(s, a.subtract(a.constant(1), s));
    }

    @Override
    public Optional<RuntimeCall> arrayPass() {
      return Optional.of(RuntimeCall.arrayFunction("sigmoid"));
    }
  },
  TANH("tanh", "tanh", "tanh", "tanh", RuntimeCall.runtime("tanh"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.subtract(a.constant(1), a.apply(SQUARE, a.apply(TANH, x))); // tanh′ = 1 − tanh²
    }

    @Override
    public Optional<RuntimeCall> arrayPass() {
      return Optional.of(RuntimeCall.arrayFunction("tanh"));
    }
  },
  RELU("relu", null, "relu", "relu", RuntimeCall.runtime("relu"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(STEP, x); // relu′ = step, 0 at the kink
    }
  },
  SOFTPLUS("softplus", null, "softplus", "softplus", RuntimeCall.runtime("softplus"), true) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(SIGMOID, x); // softplus′ = σ
    }
  },
  SQUARE("square", null, null, null, RuntimeCall.SQUARE, false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.scale(2, x); // (x²)′ = 2x
    }
  },
  SQRT("sqrt", "sqrt", "sqrt", "sqrt", RuntimeCall.math("sqrt"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.divide(a.constant(0.5), a.apply(SQRT, x)); // √′ = 0.5/√x, from the forward √x
    }
  },
  ABS("abs", "abs", "abs", "abs", RuntimeCall.math("abs"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(SIGN, x); // |x|′ = sign x, 0 at the kink
    }
  },
  SIN("sin", "sin", "sin", "sin", RuntimeCall.math("sin"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(COS, x);
    }
  },
  COS("cos", "cos", "cos", "cos", RuntimeCall.math("cos"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.negate(a.apply(SIN, x));
    }
  },
  /** x &gt; 0 ? 1 : 0, the derivative of relu (taken as 0 at the kink). */
  STEP(null, null, "step", "step", RuntimeCall.runtime("step"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.constant(0); // 0 almost everywhere; the kink is taken as 0 too
    }
  },
  /** signum(x), the derivative of abs (taken as 0 at the kink). */
  SIGN(null, null, "sign", "sign", RuntimeCall.math("signum"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.constant(0);
    }
  },
  /** log(1 + x), accurate where x is tiny (the stable form of log(1 + x)). */
  LOG1P("log1p", "log1p", "log1p", "log1p", RuntimeCall.math("log1p"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.divide(a.constant(1), a.add(a.constant(1), x)); // 1/(1 + x)
    }
  },
  /** eˣ − 1, accurate where x is tiny (the stable form of exp(x) − 1). */
  EXPM1("expm1", "expm1", "expm1", "expm1", RuntimeCall.math("expm1"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(EXP, x); // (eˣ − 1)′ = eˣ
    }
  },
  /**
   * 1/x, and 0 at x = 0: the factor 1/‖A‖ of the gradient of norm, which is taken as 0 at A = 0.
   * Printed as 1/x.
   */
  RECIPROCAL(null, null, "1/", "1/", RuntimeCall.runtime("reciprocalOrZero"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.negate(a.apply(SQUARE, a.apply(RECIPROCAL, x))); // −1/x², 0 at 0
    }
  },
  /**
   * The step with H(0) = ½, the derivative of max(x, 0) when a tie splits the gradient half and
   * half between max's operands: G ⊙ H(A − B) goes to A, G ⊙ H(B − A) to B.
   */
  HALF_STEP(null, null, "H", "H", RuntimeCall.runtime("halfStep"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.constant(0); // 0 almost everywhere, and taken as 0 at the tie
    }
  },
  /** Φ, the standard normal distribution function, accurate in both tails. */
  NORM_CDF("normCdf", null, "Φ", "Phi", RuntimeCall.normal("normCdf"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(NORM_PDF, x); // Φ′ = φ
    }
  },
  /** log Φ, finite for every finite x (log Φ(−1000) ≈ −500007.8): the stable form of log(Φ(x)). */
  LOG_NORM_CDF("logNormCdf", null, "log Φ", "logPhi", RuntimeCall.normal("logNormCdf"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(INVERSE_MILLS, x); // (log Φ)′ = φ/Φ, without 0/0 in the lower tail
    }
  },
  /** φ, the standard normal density: the derivative of Φ. */
  NORM_PDF(null, null, "φ", "phi", RuntimeCall.normal("normPdf"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.negate(a.multiply(x, a.apply(NORM_PDF, x))); // φ′ = −x φ
    }
  },
  /** r = φ/Φ, the derivative of log Φ, computed without 0/0 however negative x is. */
  INVERSE_MILLS(null, null, "φ/Φ", "phi/Phi", RuntimeCall.normal("logNormCdfDerivative"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(LOG_NORM_CDF_SECOND, x); // r′ = (log Φ)″ = −r (x + r)
    }
  },
  /**
   * (log Φ)″ = −r (x + r), r = φ/Φ, computed without cancellation in the lower tail; only
   * Hessian-vector products apply it.
   */
  LOG_NORM_CDF_SECOND(null, null, "(log Φ)″", "(logPhi)''", RuntimeCall.normal("logNormCdfSecondDerivative"), false,
      Order.SECOND_DERIVATIVE),
  /** ln Γ for x &gt; 0 (+∞ at 0, NaN below), to about 1e-15 relative. */
  LOG_GAMMA("logGamma", null, "log Γ", "logGamma", RuntimeCall.runtime("logGamma"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(DIGAMMA, x); // (ln Γ)′ = ψ
    }
  },
  /** ψ, digamma: the derivative of ln Γ. */
  DIGAMMA(null, null, "ψ", "digamma", RuntimeCall.runtime("digamma"), false) {
    @Override
    public <T> T derivative(Algebra<T> a, T x) {
      return a.apply(TRIGAMMA, x); // ψ′, trigamma
    }
  },
  /** ψ′, trigamma: the second derivative of ln Γ, which only Hessian-vector products apply. */
  TRIGAMMA(null, null, "ψ′", "trigamma", RuntimeCall.runtime("trigamma"), false, Order.SECOND_DERIVATIVE);

  /**
   * How many derivatives away from a DSL function an entry arises, the least over the ways it can.
   * It says which derivatives first- and second-order code may ask of the entry: σ′ and σ″ of a
   * {@link #FUNCTION}, σ′ of a {@link #FIRST_DERIVATIVE} (the tangent of a gradient that applies
   * it), none of a {@link #SECOND_DERIVATIVE}. An entry's derivative applies only entries at most
   * one order above its own, so the chain ends within the table.
   */
  public enum Order {
    /** A DSL function, which losses apply. */
    FUNCTION,
    /** Applied by gradients: a derivative of a DSL function, or a factor a gradient rule uses. */
    FIRST_DERIVATIVE,
    /** Applied only by Hessian-vector products, as a second derivative; not differentiated. */
    SECOND_DERIVATIVE
  }

  /**
   * The arithmetic a derivative is written with. Constants stand for matrices of the operand's
   * shape with every entry equal ({@code 1 − σ(x)} is 𝟏𝟏ᵀ − σ(X) on a matrix).
   */
  public interface Algebra<T> {
    T constant(double c);

    T apply(EntrywiseFunction f, T x);

    T subtract(T a, T b);

    T add(T a, T b);

    /** Entrywise product. */
    T multiply(T a, T b);

    /** Entrywise quotient. */
    T divide(T a, T b);

    T negate(T a);

    /** c·a. */
    T scale(double c, T a);
  }

  /**
   * The runtime method generated code calls: a static method of {@code java.lang.Math} or of the
   * runtime's {@code dev.tracegrad.kernel.Fn}, or {@link #SQUARE}, written inline as x·x.
   *
   * @param owner the fully qualified class, null for the inline square
   * @param method the static method's name
   */
  public record RuntimeCall(String owner, String method) {
    /** The class that holds the runtime's scalar functions. */
    public static final String RUNTIME = "dev.tracegrad.kernel.Fn";

    /** {@code java.lang.Math}. */
    public static final String MATH = "java.lang.Math";

    /** e^−|x|, which the functions that share an exponential take as a second argument. */
    public static final RuntimeCall EXP_NEG_ABS = runtime("expNegAbs");

    /** x·x, written inline (the operand computed once), as {@code Ops.square} does. */
    public static final RuntimeCall SQUARE = new RuntimeCall(null, "square");

    static RuntimeCall math(String method) {
      return new RuntimeCall(MATH, method);
    }

    static RuntimeCall runtime(String method) {
      return new RuntimeCall(RUNTIME, method);
    }

    /** The class whose passes apply one function to a whole array ({@link #arrayPass}). */
    public static final String ARRAY_FUNCTIONS = "dev.tracegrad.kernel.ArrayFunctions";

    static RuntimeCall arrayFunction(String method) {
      return new RuntimeCall(ARRAY_FUNCTIONS, method);
    }

    /** The class that holds the runtime's normal distribution functions. */
    public static final String NORMAL = "dev.tracegrad.kernel.Normal";

    static RuntimeCall normal(String method) {
      return new RuntimeCall(NORMAL, method);
    }

    public boolean inline() {
      return owner == null;
    }

    /**
     * The value at x when the call is to {@code java.lang.Math}, which the processor's own JVM
     * has, so a constant folded at compile time is what the generated call computes; empty for
     * the runtime's functions, which the processor does not link.
     */
    public OptionalDouble valueAt(double x) {
      if (!MATH.equals(owner)) {
        return OptionalDouble.empty();
      }
      try {
        return OptionalDouble.of((double) Math.class.getMethod(method, double.class).invoke(null, x));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("java.lang.Math has no " + method + "(double)", e);
      }
    }
  }

  private final String opsName;
  private final String mathName;
  private final String symbol;
  private final String asciiSymbol;
  private final RuntimeCall call;
  private final boolean sharesExponential;
  private final Order order;

  /** A DSL function if it has an Ops name, else one that gradients apply. */
  EntrywiseFunction(String opsName, String mathName, String symbol, String asciiSymbol, RuntimeCall call,
      boolean sharesExponential) {
    this(opsName, mathName, symbol, asciiSymbol, call, sharesExponential,
        opsName != null ? Order.FUNCTION : Order.FIRST_DERIVATIVE);
  }

  EntrywiseFunction(String opsName, String mathName, String symbol, String asciiSymbol, RuntimeCall call,
      boolean sharesExponential, Order order) {
    this.opsName = opsName;
    this.mathName = mathName;
    this.symbol = symbol;
    this.asciiSymbol = asciiSymbol;
    this.call = call;
    this.sharesExponential = sharesExponential;
    this.order = order;
  }

  /**
   * σ′(x), written in the given algebra. Every entry below {@link Order#SECOND_DERIVATIVE} writes
   * its own; one of that order has none, and being asked for it is an internal error: the caller
   * would be differentiating a Hessian-vector product, which nothing of first or second order does.
   */
  public <T> T derivative(Algebra<T> a, T x) {
    throw new IllegalStateException("internal error: " + displayName() + " only arises as a second derivative"
        + " and is not differentiated; no first- or second-order rule may ask for its derivative");
  }

  /**
   * σ″(x): the derivative of {@link #derivative}'s expression, by the sum, product, quotient and
   * chain rules applied to it ({@link SecondDerivative}), written in the given algebra. Asked of
   * DSL functions (the tangents of their gradients); where σ′ applies an entry of
   * {@link Order#SECOND_DERIVATIVE} (digamma′ = ψ′), it is the internal error of
   * {@link #derivative}.
   */
  public <T> T secondDerivative(Algebra<T> a, T x) {
    return SecondDerivative.of(this, a, x);
  }

  /** How many derivatives away from a DSL function this entry arises. */
  public Order order() {
    return order;
  }

  /** The DSL method name ({@code Ops.exp}); null for the derivative-only STEP and SIGN. */
  public String opsName() {
    return opsName;
  }

  /** The {@code java.lang.Math} method a scalar may be written with, or null. */
  public String mathName() {
    return mathName;
  }

  /**
   * The name the derivation text prints ({@code σ} for sigmoid, the textbook letter); null for
   * SQUARE, which prints as a postfix ².
   */
  public String symbol() {
    return symbol;
  }

  /** {@link #symbol} in ASCII, for the Javadoc's rendering ({@code sigma}). */
  public String asciiSymbol() {
    return asciiSymbol;
  }

  /** The name for any context: the DSL's, or the derivative-only function's own. */
  public String displayName() {
    return opsName != null ? opsName : asciiSymbol();
  }

  /** The runtime method generated code calls. */
  public RuntimeCall call() {
    return call;
  }

  /**
   * Whether the runtime offers a form {@code f(x, e)} taking e = e^−|x| ({@link RuntimeCall#EXP_NEG_ABS}),
   * so that functions of one operand that share it compute one exponential between them.
   */
  public boolean sharesExponential() {
    return sharesExponential;
  }

  /**
   * The runtime's pass {@code f(x, out, n)} that applies this function to a whole array, for the
   * loops that do nothing else and, in place, after the loops that store its argument into a
   * whole buffer; empty when the runtime has none. Such a pass gives the scalar
   * call's bits on a plain JVM and may use vector code with the Vector API (see the runtime's
   * {@code ArrayFunctions}).
   */
  public Optional<RuntimeCall> arrayPass() {
    return Optional.empty();
  }

  /** Whether the DSL has this function (STEP and SIGN are derivative-only). */
  public boolean inDsl() {
    return opsName != null;
  }

  /** The DSL function with this name, or null. */
  public static EntrywiseFunction forOpsName(String name) {
    for (EntrywiseFunction f : values()) {
      if (name.equals(f.opsName)) {
        return f;
      }
    }
    return null;
  }

  /** The function a scalar may be written with as {@code Math.name}, or null. */
  public static EntrywiseFunction forMathName(String name) {
    for (EntrywiseFunction f : values()) {
      if (name.equals(f.mathName)) {
        return f;
      }
    }
    return null;
  }
}
