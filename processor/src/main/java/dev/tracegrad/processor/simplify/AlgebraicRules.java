package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.Node;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The algebraic identities of the simplify stage, one small method each with its math. A rule gets
 * a settled node id and returns the id of a simpler equal expression, or the same id when it does
 * not apply. Rules only ever remove nodes, fold constants, cancel or move negations toward the
 * root (where they cancel against subtractions), or trade a transpose of a product for transposes
 * of its factors (free in lowering), so together they terminate.
 *
 * <p>Every identity holds exactly, value for value; the zero rules assume finite operands
 * (0·x = 0), as every gradient in this library is finite where the loss is.
 */
final class AlgebraicRules {
  private AlgebraicRules() {}

  private static final Rewriter.Rule TRANSPOSE_OF_PRODUCT = AlgebraicRules::transposeOfProduct;
  private static final Rewriter.Rule FOLD_SCALAR_CONSTANTS = AlgebraicRules::foldScalarConstants;

  /** All rules, in the order they are tried. */
  static final List<Rewriter.Rule> ALL = List.of(
      FOLD_SCALAR_CONSTANTS,
      AlgebraicRules::scalarAddZero,
      AlgebraicRules::scalarMulOne,
      AlgebraicRules::scalarMulZero,
      AlgebraicRules::scalarMulMinusOne,
      AlgebraicRules::scalarConstantFirst,
      AlgebraicRules::scalarConstantsTogether,
      AlgebraicRules::scalarDoubleNegation,
      AlgebraicRules::scalarSubtractNegation,
      AlgebraicRules::scalarNegationOutOfProduct,
      AlgebraicRules::scalarAddSame,
      AlgebraicRules::scalarAddRepeatedTerm,
      AlgebraicRules::scalarPowOne,
      AlgebraicRules::reductionOfZero,
      AlgebraicRules::negationOutOfReduction,
      AlgebraicRules::scalarOfFill,
      AlgebraicRules::sumOfFill,
      AlgebraicRules::dotWithFill,
      AlgebraicRules::dotWithIdentity,
      AlgebraicRules::addZero,
      AlgebraicRules::zeroAbsorbs,
      AlgebraicRules::hadamardByFill,
      AlgebraicRules::scaleColumnsByFill,
      AlgebraicRules::productWithIdentity,
      AlgebraicRules::productWithScalarFill,
      AlgebraicRules::productWithFill,
      AlgebraicRules::scaleOutOfProduct,
      AlgebraicRules::scaleByOne,
      AlgebraicRules::scaleByMinusOne,
      AlgebraicRules::scaleOfScale,
      AlgebraicRules::negationOutOfScale,
      AlgebraicRules::scaleOfFill,
      AlgebraicRules::negationOfFill,
      AlgebraicRules::doubleNegation,
      AlgebraicRules::negationOfDifference,
      AlgebraicRules::subtractNegation,
      AlgebraicRules::negationOutOfProduct,
      AlgebraicRules::negationOutOfHadamard,
      AlgebraicRules::negationOutOfDivision,
      AlgebraicRules::negationOutOfTranspose,
      AlgebraicRules::negationOutOfSumsAndBroadcasts,
      AlgebraicRules::negationOutOfScaleColumns,
      AlgebraicRules::negationOutOfInverseAndSolve,
      AlgebraicRules::transposeOfTranspose,
      TRANSPOSE_OF_PRODUCT,
      AlgebraicRules::transposeOfConstantOrScale,
      AlgebraicRules::transposeOfBroadcast,
      AlgebraicRules::transposeOfLineSums,
      AlgebraicRules::lineSumsOfScatter,
      AlgebraicRules::transposeOfSum,
      AlgebraicRules::addSame,
      AlgebraicRules::addRepeatedTerm,
      AlgebraicRules::fillPlusFill,
      AlgebraicRules::powerOfOne,
      AlgebraicRules::divideByOnes);

  /**
   * The rules that keep preparing for lowering: all but (AB)ᵀ = BᵀAᵀ, which would expand the
   * transposed reads of a computed product that {@link LoweringRules} introduces back into a
   * second product (the simplified input already has every transpose of a product expanded).
   */
  static final List<Rewriter.Rule> KEEPING_TRANSPOSED_PRODUCTS = ALL.stream()
      .filter(rule -> rule != TRANSPOSE_OF_PRODUCT).toList();

  /**
   * The rules as the derivation text applies them to the expressions it prints: the same
   * identities, with two choices of form that suit reading rather than computing. A quotient,
   * power or function of constants stays as written (1/3, not 0.333…), and (AB)ᵀ becomes BᵀAᵀ
   * only when a transpose then cancels (the text keeps (W2ᵀG)ᵀ-like forms the trace tricks wrote).
   */
  static final List<Rewriter.Rule> FOR_TEXT = forText();

  /**
   * {@link #ALL} with the two choices of form above, and two identities that gather a scalar
   * factor where a reader looks for it: out of sums, broadcasts, inner products and column
   * scalings, and out of the two terms of a sum. They stay out of {@link #ALL}: computed, a factor
   * taken out of a shared operand multiplies every use of it instead (the graph grows).
   */
  private static List<Rewriter.Rule> forText() {
    List<Rewriter.Rule> rules = new java.util.ArrayList<>(ALL.stream()
        .map(rule -> rule == TRANSPOSE_OF_PRODUCT ? (Rewriter.Rule) AlgebraicRules::transposeOfProductCancelling
            : rule == FOLD_SCALAR_CONSTANTS ? (Rewriter.Rule) AlgebraicRules::foldScalarArithmetic : rule)
        .toList());
    rules.add(AlgebraicRules::scaleOutOfLinearOps);
    rules.add(AlgebraicRules::commonFactor);
    return List.copyOf(rules);
  }

  // ---------------------------------------------------------------- scalars

  // c₁ ∘ c₂ = its value, for constants (kept symbolic when the value would not be finite)
  static int foldScalarConstants(Rewriter r, int id) {
    Node n = r.node(id);
    if (!n.isScalar() || n instanceof Node.Const || n.inputs().isEmpty()) {
      return id;
    }
    double[] v = new double[n.inputs().size()];
    for (int i = 0; i < v.length; i++) {
      Double c = r.constantValue(n.inputs().get(i));
      if (c == null) {
        return id;
      }
      v[i] = c;
    }
    Double value = null;
    if (n instanceof Node.ScalarAdd) {
      value = v[0] + v[1];
    } else if (n instanceof Node.ScalarSub) {
      value = v[0] - v[1];
    } else if (n instanceof Node.ScalarMul) {
      value = v[0] * v[1];
    } else if (n instanceof Node.ScalarDiv) {
      value = v[0] / v[1];
    } else if (n instanceof Node.ScalarNeg) {
      value = -v[0];
    } else if (n instanceof Node.ScalarPow) {
      value = Math.pow(v[0], v[1]);
    } else if (n instanceof Node.ScalarFunction m) {
      OptionalDouble f = m.fn().call().valueAt(v[0]);
      value = f.isPresent() ? f.getAsDouble() : null;
    }
    return value != null && Double.isFinite(value) ? r.constant(value) : id;
  }

  // c₁ + c₂, c₁ − c₂, c₁·c₂, −c: the folds that keep a written number a number (for the text)
  static int foldScalarArithmetic(Rewriter r, int id) {
    Node n = r.node(id);
    boolean arithmetic = n instanceof Node.ScalarAdd || n instanceof Node.ScalarSub || n instanceof Node.ScalarMul
        || n instanceof Node.ScalarNeg;
    return arithmetic ? foldScalarConstants(r, id) : id;
  }

  // s·c = c·s for a constant c (numbers lead, where they meet and fold)
  static int scalarConstantFirst(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarMul x && r.constantValue(x.b()) != null && r.constantValue(x.a()) == null) {
      return r.add(new Node.ScalarMul(x.b(), x.a()));
    }
    return id;
  }

  // c(d·s) = (cd)s, s(c·t) = c(st), (c·s)t = c(st), c(d / s) = (cd) / s
  static int scalarConstantsTogether(Rewriter r, int id) {
    if (!(r.node(id) instanceof Node.ScalarMul x)) {
      return id;
    }
    Double c = r.constantValue(x.a());
    boolean constantA = c != null;
    if (r.node(x.b()) instanceof Node.ScalarMul y && r.constantValue(y.a()) != null) {
      if (constantA && !Double.isFinite(c * r.constantValue(y.a()))) {
        return id; // kept apart: the product of the numbers would not be finite
      }
      return constantA
          ? r.add(new Node.ScalarMul(r.add(new Node.ScalarMul(x.a(), y.a())), y.b()))
          : r.add(new Node.ScalarMul(y.a(), r.add(new Node.ScalarMul(x.a(), y.b()))));
    }
    if (!constantA && r.node(x.a()) instanceof Node.ScalarMul y && r.constantValue(y.a()) != null) {
      return r.add(new Node.ScalarMul(y.a(), r.add(new Node.ScalarMul(y.b(), x.b()))));
    }
    if (constantA && r.node(x.b()) instanceof Node.ScalarDiv q && r.constantValue(q.a()) != null
        && Double.isFinite(c * r.constantValue(q.a()))) {
      return r.add(new Node.ScalarDiv(r.add(new Node.ScalarMul(x.a(), q.a())), q.b()));
    }
    return id;
  }

  // s + 0 = s, 0 + s = s, s − 0 = s, 0 − s = −s
  static int scalarAddZero(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ScalarAdd x) {
      return r.isZero(x.b()) ? x.a() : r.isZero(x.a()) ? x.b() : id;
    }
    if (n instanceof Node.ScalarSub x) {
      return r.isZero(x.b()) ? x.a() : r.isZero(x.a()) ? r.negate(x.b()) : id;
    }
    return id;
  }

  // 1·s = s, s·1 = s, s/1 = s
  static int scalarMulOne(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ScalarMul x) {
      return r.isConstant(x.a(), 1) ? x.b() : r.isConstant(x.b(), 1) ? x.a() : id;
    }
    if (n instanceof Node.ScalarDiv x && r.isConstant(x.b(), 1)) {
      return x.a();
    }
    return id;
  }

  // 0·s = 0, s·0 = 0
  static int scalarMulZero(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarMul x && (r.isZero(x.a()) || r.isZero(x.b()))) {
      return r.constant(0);
    }
    return id;
  }

  // (−1)·s = −s, s·(−1) = −s, s/(−1) = −s
  static int scalarMulMinusOne(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ScalarMul x) {
      return r.isConstant(x.a(), -1) ? r.negate(x.b()) : r.isConstant(x.b(), -1) ? r.negate(x.a()) : id;
    }
    if (n instanceof Node.ScalarDiv x && r.isConstant(x.b(), -1)) {
      return r.negate(x.a());
    }
    return id;
  }

  // −(−s) = s
  static int scalarDoubleNegation(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarNeg x && r.node(x.a()) instanceof Node.ScalarNeg y) {
      return y.a();
    }
    return id;
  }

  // s − (−t) = s + t, s + (−t) = s − t, (−s) + t = t − s, (−s) − t = −(s + t), −(s − t) = t − s
  static int scalarSubtractNegation(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ScalarSub x) {
      if (r.node(x.b()) instanceof Node.ScalarNeg nb) {
        return r.add(new Node.ScalarAdd(x.a(), nb.a()));
      }
      if (r.node(x.a()) instanceof Node.ScalarNeg na) {
        return r.negate(r.add(new Node.ScalarAdd(na.a(), x.b())));
      }
    }
    if (n instanceof Node.ScalarAdd x) {
      if (r.node(x.b()) instanceof Node.ScalarNeg nb) {
        return r.add(new Node.ScalarSub(x.a(), nb.a()));
      }
      if (r.node(x.a()) instanceof Node.ScalarNeg na) {
        return r.add(new Node.ScalarSub(x.b(), na.a()));
      }
    }
    if (n instanceof Node.ScalarNeg x && r.node(x.a()) instanceof Node.ScalarSub s) {
      return r.add(new Node.ScalarSub(s.b(), s.a()));
    }
    return id;
  }

  // (−s)t = −(st), s(−t) = −(st), (−s)/t = −(s/t), s/(−t) = −(s/t)
  static int scalarNegationOutOfProduct(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ScalarMul x) {
      if (r.node(x.a()) instanceof Node.ScalarNeg na) {
        return r.negate(r.add(new Node.ScalarMul(na.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.ScalarNeg nb) {
        return r.negate(r.add(new Node.ScalarMul(x.a(), nb.a())));
      }
    }
    if (n instanceof Node.ScalarDiv x) {
      if (r.node(x.a()) instanceof Node.ScalarNeg na) {
        return r.negate(r.add(new Node.ScalarDiv(na.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.ScalarNeg nb) {
        return r.negate(r.add(new Node.ScalarDiv(x.a(), nb.a())));
      }
    }
    return id;
  }

  // s + s = 2s
  static int scalarAddSame(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarAdd x && x.a() == x.b()) {
      return r.add(new Node.ScalarMul(r.constant(2), x.a()));
    }
    return id;
  }

  // (s + t) + t = s + 2t, (s + t) + s = 2s + t, s + (s + t) = 2s + t, t + (s + t) = s + 2t
  static int scalarAddRepeatedTerm(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarAdd x) {
      return repeatedTerm(r, id, x.a(), x.b(), true);
    }
    return id;
  }

  /**
   * The rewrite of a + b when one side is a sum containing the other side; accumulation builds
   * such sums when one node reaches the loss along several paths (s·s, X and Xᵀ).
   */
  private static int repeatedTerm(Rewriter r, int id, int a, int b, boolean scalar) {
    Node na = r.node(a);
    Node nb = r.node(b);
    int sum;
    int single;
    if (scalar ? na instanceof Node.ScalarAdd : na instanceof Node.Add) {
      sum = a;
      single = b;
    } else if (scalar ? nb instanceof Node.ScalarAdd : nb instanceof Node.Add) {
      sum = b;
      single = a;
    } else {
      return id;
    }
    int p = r.node(sum).inputs().get(0);
    int q = r.node(sum).inputs().get(1);
    if (p != single && q != single) {
      return id;
    }
    int other = p == single ? q : p;
    int twice = r.add(scalar
        ? new Node.ScalarMul(r.constant(2), single)
        : new Node.Scale(r.constant(2), single));
    boolean singleFirst = p == single;
    int first = singleFirst ? twice : other;
    int second = singleFirst ? other : twice;
    return r.add(scalar ? new Node.ScalarAdd(first, second) : new Node.Add(first, second));
  }

  // s¹ = s
  static int scalarPowOne(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarPow x && r.isConstant(x.p(), 1)) {
      return x.a();
    }
    return id;
  }

  // tr(0) = 𝟏ᵀ0𝟏 = ⟨0, B⟩ = ⟨A, 0⟩ = ‖0‖² = scalar(0) = 0
  static int reductionOfZero(Rewriter r, int id) {
    Node n = r.node(id);
    boolean zero = (n instanceof Node.Trace x && r.isZero(x.a()))
        || (n instanceof Node.Sum s && r.isZero(s.a()))
        || (n instanceof Node.SumSq q && r.isZero(q.a()))
        || (n instanceof Node.ScalarOf o && r.isZero(o.a()))
        || (n instanceof Node.Dot d && (r.isZero(d.a()) || r.isZero(d.b())));
    return zero ? r.constant(0) : id;
  }

  // tr(−A) = −tr(A), 𝟏ᵀ(−A)𝟏 = −𝟏ᵀA𝟏, ⟨−A, B⟩ = ⟨A, −B⟩ = −⟨A, B⟩, scalar(−A) = −scalar(A)
  static int negationOutOfReduction(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.Trace x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.Trace(m.a())));
    }
    if (n instanceof Node.Sum x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.Sum(m.a())));
    }
    if (n instanceof Node.ScalarOf x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.ScalarOf(m.a())));
    }
    if (n instanceof Node.Dot x) {
      if (r.node(x.a()) instanceof Node.Neg m) {
        return r.negate(r.add(new Node.Dot(m.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.Neg m) {
        return r.negate(r.add(new Node.Dot(x.a(), m.a())));
      }
    }
    return id;
  }

  // scalar(c𝟏𝟏ᵀ) = c for a 1×1 fill
  static int scalarOfFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScalarOf x && r.node(x.a()) instanceof Node.Fill f) {
      return f.s();
    }
    return id;
  }

  // 𝟏ᵀ(c𝟏𝟏ᵀ)𝟏 = c·m·n for an m×n fill: sum(ones(r, c)) is counted, not looped over
  static int sumOfFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Sum x && r.node(x.a()) instanceof Node.Fill f) {
      int count = r.add(new Node.ScalarMul(extent(r, f.shape().rows()), extent(r, f.shape().cols())));
      return r.add(new Node.ScalarMul(f.s(), count));
    }
    return id;
  }

  /** An extent as a scalar: a constant when it is one. */
  private static int extent(Rewriter r, dev.tracegrad.processor.ir.Dim d) {
    if (r.isOne(d)) {
      return r.constant(1);
    }
    return d instanceof dev.tracegrad.processor.ir.Dim.Fixed f ? r.constant(f.n()) : r.add(new Node.Extent(d));
  }

  // ⟨A, c𝟏𝟏ᵀ⟩ = ⟨c𝟏𝟏ᵀ, A⟩ = c 𝟏ᵀA𝟏
  static int dotWithFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Dot x) {
      if (r.node(x.b()) instanceof Node.Fill f) {
        return r.add(new Node.ScalarMul(f.s(), r.add(new Node.Sum(x.a()))));
      }
      if (r.node(x.a()) instanceof Node.Fill f) {
        return r.add(new Node.ScalarMul(f.s(), r.add(new Node.Sum(x.b()))));
      }
    }
    return id;
  }

  // (c𝟏𝟏ᵀ)B = c𝟏(𝟏ᵀB), A(c𝟏𝟏ᵀ) = c(A𝟏)𝟏ᵀ: a product with a constant matrix is a broadcast of
  // column or row sums, never a materialised matrix of ones (1×1 fills are scalings, above)
  static int productWithFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.MatMul x) {
      if (r.node(x.a()) instanceof Node.Fill f && !isOneByOne(r, f)) {
        int sums = r.add(new Node.BroadcastRows(r.add(new Node.ColSums(x.b())), f.shape().rows()));
        return r.add(new Node.Scale(f.s(), sums));
      }
      if (r.node(x.b()) instanceof Node.Fill f && !isOneByOne(r, f)) {
        int sums = r.add(new Node.BroadcastCols(r.add(new Node.RowSums(x.a())), f.shape().cols()));
        return r.add(new Node.Scale(f.s(), sums));
      }
    }
    return id;
  }

  // ⟨A, cI⟩ = ⟨cI, A⟩ = c tr(A): the trace reads the diagonal only
  static int dotWithIdentity(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Dot x) {
      if (r.node(x.b()) instanceof Node.Eye e) {
        return r.add(new Node.ScalarMul(e.s(), r.add(new Node.Trace(x.a()))));
      }
      if (r.node(x.a()) instanceof Node.Eye e) {
        return r.add(new Node.ScalarMul(e.s(), r.add(new Node.Trace(x.b()))));
      }
    }
    return id;
  }

  // ---------------------------------------------------------------- zeros and fills

  // A + 0 = A, 0 + A = A, A − 0 = A, 0 − A = −A, A + 0𝟏ᵀ = A
  static int addZero(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.Add x) {
      return r.isZero(x.b()) ? x.a() : r.isZero(x.a()) ? x.b() : id;
    }
    if (n instanceof Node.Sub x) {
      return r.isZero(x.b()) ? x.a() : r.isZero(x.a()) ? r.negate(x.b()) : id;
    }
    if (n instanceof Node.AddColumn x && r.isZero(x.b())) {
      return x.a();
    }
    return id;
  }

  // −0 = 0ᵀ = 0 ⊙ B = A ⊙ 0 = 0B = A0 = s0 = 0A = 0 / B = 𝟏ᵀ0 = 0𝟏 = 0𝟏ᵀ = 𝟏0 = 0(r) = A(0) = 0·I = 0
  // (zeros come from unused wrt parameters and from derivatives such as step′; the result keeps the
  // shape of the node it replaces)
  static int zeroAbsorbs(Rewriter r, int id) {
    Node n = r.node(id);
    if (n.isScalar() || r.isZero(id) && n instanceof Node.Fill) {
      return id;
    }
    boolean zero;
    if (n instanceof Node.Neg || n instanceof Node.Transpose || n instanceof Node.RowSums
        || n instanceof Node.ColSums || n instanceof Node.BroadcastCols || n instanceof Node.BroadcastRows
        || n instanceof Node.Eye) {
      zero = r.isZero(n.inputs().get(0));
    } else if (n instanceof Node.Hadamard || n instanceof Node.MatMul || n instanceof Node.Scale
        || n instanceof Node.ScaleColumns) {
      zero = r.isZero(n.inputs().get(0)) || r.isZero(n.inputs().get(1));
    } else if (n instanceof Node.Div x) {
      zero = r.isZero(x.a());
    } else {
      zero = false;
    }
    return zero ? r.zeroLike(id) : id;
  }

  // (c𝟏𝟏ᵀ) ⊙ A = cA, A ⊙ (c𝟏𝟏ᵀ) = cA
  static int hadamardByFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Hadamard x) {
      if (r.node(x.a()) instanceof Node.Fill f) {
        return r.add(new Node.Scale(f.s(), x.b()));
      }
      if (r.node(x.b()) instanceof Node.Fill f) {
        return r.add(new Node.Scale(f.s(), x.a()));
      }
    }
    return id;
  }

  // A(c𝟏ᵀ) = cA: every column scaled by the same c (what 𝟏ᵀscatter(c𝟏ᵀ, idx) leaves in a gradient)
  static int scaleColumnsByFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScaleColumns x && r.node(x.r()) instanceof Node.Fill f) {
      return r.add(new Node.Scale(f.s(), x.a()));
    }
    return id;
  }

  // (cI)B = cB, A(cI) = cA
  static int productWithIdentity(Rewriter r, int id) {
    if (r.node(id) instanceof Node.MatMul x) {
      if (r.node(x.a()) instanceof Node.Eye e) {
        return r.add(new Node.Scale(e.s(), x.b()));
      }
      if (r.node(x.b()) instanceof Node.Eye e) {
        return r.add(new Node.Scale(e.s(), x.a()));
      }
    }
    return id;
  }

  // [c]B = cB, A[c] = cA for a 1×1 fill [c] (an outer factor of size 1)
  // (the adjoint of scalar(xᵀAx) is such a fill: without this rule xᵀA x would keep a 1×1 product)
  static int productWithScalarFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.MatMul x) {
      if (r.node(x.a()) instanceof Node.Fill f && isOneByOne(r, f)) {
        return r.add(new Node.Scale(f.s(), x.b()));
      }
      if (r.node(x.b()) instanceof Node.Fill f && isOneByOne(r, f)) {
        return r.add(new Node.Scale(f.s(), x.a()));
      }
    }
    return id;
  }

  private static boolean isOneByOne(Rewriter r, Node.Fill f) {
    return r.isOne(f.shape().rows()) && r.isOne(f.shape().cols());
  }

  // (sA)B = s(AB), A(sB) = s(AB), (sA) ⊙ B = s(A ⊙ B), A ⊙ (sB) = s(A ⊙ B)
  // (scalars gather at the top, where they fold together and meet negations)
  static int scaleOutOfProduct(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.MatMul || n instanceof Node.Hadamard) {
      int a = n.inputs().get(0);
      int b = n.inputs().get(1);
      boolean product = n instanceof Node.MatMul;
      if (r.node(a) instanceof Node.Scale sa) {
        int inner = r.add(product ? new Node.MatMul(sa.a(), b) : new Node.Hadamard(sa.a(), b));
        return r.add(new Node.Scale(sa.s(), inner));
      }
      if (r.node(b) instanceof Node.Scale sb) {
        int inner = r.add(product ? new Node.MatMul(a, sb.a()) : new Node.Hadamard(a, sb.a()));
        return r.add(new Node.Scale(sb.s(), inner));
      }
    }
    return id;
  }

  // 1A = A
  static int scaleByOne(Rewriter r, int id) {
    return r.node(id) instanceof Node.Scale x && r.isConstant(x.s(), 1) ? x.a() : id;
  }

  // (−1)A = −A
  static int scaleByMinusOne(Rewriter r, int id) {
    return r.node(id) instanceof Node.Scale x && r.isConstant(x.s(), -1) ? r.negate(x.a()) : id;
  }

  // s(tA) = (st)A
  static int scaleOfScale(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Scale x && r.node(x.a()) instanceof Node.Scale y) {
      return r.add(new Node.Scale(r.add(new Node.ScalarMul(x.s(), y.s())), y.a()));
    }
    return id;
  }

  // (−s)A = −(sA), s(−A) = −(sA)
  static int negationOutOfScale(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Scale x) {
      if (r.node(x.s()) instanceof Node.ScalarNeg ns) {
        return r.negate(r.add(new Node.Scale(ns.a(), x.a())));
      }
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.Scale(x.s(), na.a())));
      }
    }
    return id;
  }

  // s(c𝟏𝟏ᵀ) = (sc)𝟏𝟏ᵀ
  static int scaleOfFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Scale x && r.node(x.a()) instanceof Node.Fill f) {
      return r.add(new Node.Fill(r.add(new Node.ScalarMul(x.s(), f.s())), f.shape()));
    }
    return id;
  }

  // −(c𝟏𝟏ᵀ) = (−c)𝟏𝟏ᵀ
  static int negationOfFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Neg x && r.node(x.a()) instanceof Node.Fill f) {
      return r.add(new Node.Fill(r.negate(f.s()), f.shape()));
    }
    return id;
  }

  // ---------------------------------------------------------------- negations

  // −(−A) = A
  static int doubleNegation(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Neg x && r.node(x.a()) instanceof Node.Neg y) {
      return y.a();
    }
    return id;
  }

  // −(A − B) = B − A
  static int negationOfDifference(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Neg x && r.node(x.a()) instanceof Node.Sub s) {
      return r.add(new Node.Sub(s.b(), s.a()));
    }
    return id;
  }

  // A − (−B) = A + B, (−A) − B = −(A + B), A + (−B) = A − B, (−A) + B = B − A
  // (so (−A) − (−B) = B − A)
  static int subtractNegation(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.Sub x) {
      if (r.node(x.b()) instanceof Node.Neg nb) {
        if (r.node(x.a()) instanceof Node.Neg na) {
          return r.add(new Node.Sub(nb.a(), na.a()));
        }
        return r.add(new Node.Add(x.a(), nb.a()));
      }
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.Add(na.a(), x.b())));
      }
    }
    if (n instanceof Node.Add x) {
      if (r.node(x.b()) instanceof Node.Neg nb) {
        return r.add(new Node.Sub(x.a(), nb.a()));
      }
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.add(new Node.Sub(x.b(), na.a()));
      }
    }
    return id;
  }

  // (−A)B = −(AB), A(−B) = −(AB)
  static int negationOutOfProduct(Rewriter r, int id) {
    if (r.node(id) instanceof Node.MatMul x) {
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.MatMul(na.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.Neg nb) {
        return r.negate(r.add(new Node.MatMul(x.a(), nb.a())));
      }
    }
    return id;
  }

  // (−A) ⊙ B = −(A ⊙ B), A ⊙ (−B) = −(A ⊙ B)
  static int negationOutOfHadamard(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Hadamard x) {
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.Hadamard(na.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.Neg nb) {
        return r.negate(r.add(new Node.Hadamard(x.a(), nb.a())));
      }
    }
    return id;
  }

  // (−A) / B = −(A / B), A / (−B) = −(A / B)
  static int negationOutOfDivision(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Div x) {
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.Div(na.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.Neg nb) {
        return r.negate(r.add(new Node.Div(x.a(), nb.a())));
      }
    }
    return id;
  }

  // (−A)ᵀ = −Aᵀ
  static int negationOutOfTranspose(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x && r.node(x.a()) instanceof Node.Neg na) {
      return r.negate(r.add(new Node.Transpose(na.a())));
    }
    return id;
  }

  // 𝟏ᵀ(−A) = −𝟏ᵀA, (−A)𝟏 = −A𝟏, (−v)𝟏ᵀ = −v𝟏ᵀ, 𝟏(−r) = −𝟏r
  static int negationOutOfSumsAndBroadcasts(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ColSums x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.ColSums(m.a())));
    }
    if (n instanceof Node.RowSums x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.RowSums(m.a())));
    }
    if (n instanceof Node.BroadcastCols x && r.node(x.v()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.BroadcastCols(m.a(), x.cols())));
    }
    if (n instanceof Node.BroadcastRows x && r.node(x.r()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.BroadcastRows(m.a(), x.rows())));
    }
    return id;
  }

  // (−A)(r) = −A(r), A(−r) = −A(r)
  static int negationOutOfScaleColumns(Rewriter r, int id) {
    if (r.node(id) instanceof Node.ScaleColumns x) {
      if (r.node(x.a()) instanceof Node.Neg na) {
        return r.negate(r.add(new Node.ScaleColumns(na.a(), x.r())));
      }
      if (r.node(x.r()) instanceof Node.Neg nr) {
        return r.negate(r.add(new Node.ScaleColumns(x.a(), nr.a())));
      }
    }
    return id;
  }

  // (−A)⁻¹ = −A⁻¹, (−A)⁻¹B = −A⁻¹B, A⁻¹(−B) = −A⁻¹B
  static int negationOutOfInverseAndSolve(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.Inv x && r.node(x.a()) instanceof Node.Neg m) {
      return r.negate(r.add(new Node.Inv(m.a())));
    }
    if (n instanceof Node.Solve x) {
      if (r.node(x.a()) instanceof Node.Neg m) {
        return r.negate(r.add(new Node.Solve(m.a(), x.b())));
      }
      if (r.node(x.b()) instanceof Node.Neg m) {
        return r.negate(r.add(new Node.Solve(x.a(), m.a())));
      }
    }
    return id;
  }

  // 𝟏ᵀ(sA) = s𝟏ᵀA, (sA)𝟏 = sA𝟏, (sv)𝟏ᵀ = s v𝟏ᵀ, 𝟏(sr) = s𝟏r, ⟨sA, B⟩ = ⟨A, sB⟩ = s⟨A, B⟩,
  // (sA)(r) = A(sr) = s A(r): the scalar moves out of every op linear in the operand it scales
  static int scaleOutOfLinearOps(Rewriter r, int id) {
    Node n = r.node(id);
    boolean linear = n instanceof Node.ColSums || n instanceof Node.RowSums || n instanceof Node.BroadcastCols
        || n instanceof Node.BroadcastRows || n instanceof Node.Dot || n instanceof Node.ScaleColumns;
    if (!linear) {
      return id;
    }
    for (int i = 0; i < n.inputs().size(); i++) {
      if (r.node(n.inputs().get(i)) instanceof Node.Scale sc) {
        int slot = i;
        int inner = r.add(n.mapInputs(in -> in == n.inputs().get(slot) ? sc.a() : in));
        return r.add(n.isScalar() ? new Node.ScalarMul(sc.s(), inner) : new Node.Scale(sc.s(), inner));
      }
    }
    return id;
  }

  // sA ± sB = s(A ± B), s·x ± s·y = s(x ± y)
  static int commonFactor(Rewriter r, int id) {
    Node n = r.node(id);
    if (!(n instanceof Node.Add || n instanceof Node.Sub || n instanceof Node.ScalarAdd || n instanceof Node.ScalarSub)) {
      return id;
    }
    Node a = r.node(n.inputs().get(0));
    Node b = r.node(n.inputs().get(1));
    if (n.isScalar() && a instanceof Node.ScalarMul x && b instanceof Node.ScalarMul y && x.a() == y.a()) {
      return r.add(new Node.ScalarMul(x.a(), r.add(n.withInputs(x.b(), y.b()))));
    }
    if (!n.isScalar() && a instanceof Node.Scale x && b instanceof Node.Scale y && x.s() == y.s()) {
      return r.add(new Node.Scale(x.s(), r.add(n.withInputs(x.a(), y.a()))));
    }
    return id;
  }

  // ---------------------------------------------------------------- transposes

  // (Aᵀ)ᵀ = A
  static int transposeOfTranspose(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x && r.node(x.a()) instanceof Node.Transpose y) {
      return y.a();
    }
    return id;
  }

  // (AB)ᵀ = BᵀAᵀ (a transpose is free in lowering: it only swaps loop indices)
  static int transposeOfProduct(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x && r.node(x.a()) instanceof Node.MatMul m) {
      return r.add(new Node.MatMul(r.add(new Node.Transpose(m.b())), r.add(new Node.Transpose(m.a()))));
    }
    return id;
  }

  // (AB)ᵀ = BᵀAᵀ when A or B is a transpose, which then cancels
  static int transposeOfProductCancelling(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x && r.node(x.a()) instanceof Node.MatMul m
        && (r.node(m.a()) instanceof Node.Transpose || r.node(m.b()) instanceof Node.Transpose)) {
      return transposeOfProduct(r, id);
    }
    return id;
  }

  // (v𝟏ᵀ)ᵀ = 𝟏vᵀ, (𝟏r)ᵀ = rᵀ𝟏ᵀ
  static int transposeOfBroadcast(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x) {
      if (r.node(x.a()) instanceof Node.BroadcastCols b) {
        return r.add(new Node.BroadcastRows(r.add(new Node.Transpose(b.v())), b.cols()));
      }
      if (r.node(x.a()) instanceof Node.BroadcastRows b) {
        return r.add(new Node.BroadcastCols(r.add(new Node.Transpose(b.r())), b.rows()));
      }
    }
    return id;
  }

  // (Aᵀ𝟏)ᵀ = 𝟏ᵀA, (𝟏ᵀAᵀ)ᵀ = A𝟏: the row sums of a transpose, transposed, are the column sums
  static int transposeOfLineSums(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x) {
      if (r.node(x.a()) instanceof Node.RowSums s && r.node(s.a()) instanceof Node.Transpose t) {
        return r.add(new Node.ColSums(t.a()));
      }
      if (r.node(x.a()) instanceof Node.ColSums s && r.node(s.a()) instanceof Node.Transpose t) {
        return r.add(new Node.RowSums(t.a()));
      }
    }
    return id;
  }

  // 𝟏ᵀscatter(g, idx) = g: column j of scatter(g, idx) (k×n, g 1×n) holds g_j at row idx[j] and
  // zeros elsewhere, so its sum is g_j (exactly: the other terms are zeros).
  // scatterAdd(G, idx)𝟏 = G𝟏: scatterAdd(G, idx) (m×V) adds each column G[:, j] into exactly one
  // column idx[j], so every row keeps the sum of its entries (the order of the additions differs).
  static int lineSumsOfScatter(Rewriter r, int id) {
    Node n = r.node(id);
    if (n instanceof Node.ColSums x && r.node(x.a()) instanceof Node.Scatter s) {
      return s.g();
    }
    if (n instanceof Node.RowSums x && r.node(x.a()) instanceof Node.ScatterAdd s) {
      return r.add(new Node.RowSums(s.g()));
    }
    return id;
  }

  // (c𝟏𝟏ᵀ)ᵀ = c𝟏𝟏ᵀ, (sI)ᵀ = sI, (sA)ᵀ = sAᵀ
  static int transposeOfConstantOrScale(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x) {
      Node a = r.node(x.a());
      if (a instanceof Node.Fill f) {
        return r.add(new Node.Fill(f.s(), f.shape().transposed()));
      }
      if (a instanceof Node.Eye) {
        return x.a();
      }
      if (a instanceof Node.Scale s) {
        return r.add(new Node.Scale(s.s(), r.add(new Node.Transpose(s.a()))));
      }
    }
    return id;
  }

  // ---------------------------------------------------------------- sums, powers, quotients

  // (A ± B)ᵀ = Aᵀ ± Bᵀ when a transpose cancels or folds into a term (a transpose, product, fill)
  static int transposeOfSum(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Transpose x) {
      Node s = r.node(x.a());
      if ((s instanceof Node.Add || s instanceof Node.Sub)
          && (absorbsTranspose(r, s.inputs().get(0)) || absorbsTranspose(r, s.inputs().get(1)))) {
        int a = r.add(new Node.Transpose(s.inputs().get(0)));
        int b = r.add(new Node.Transpose(s.inputs().get(1)));
        return r.add(s instanceof Node.Add ? new Node.Add(a, b) : new Node.Sub(a, b));
      }
    }
    return id;
  }

  private static boolean absorbsTranspose(Rewriter r, int id) {
    Node n = r.node(id);
    return n instanceof Node.Transpose || n instanceof Node.MatMul || n instanceof Node.Fill || n instanceof Node.Eye;
  }

  // A + A = 2A
  static int addSame(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Add x && x.a() == x.b()) {
      return r.add(new Node.Scale(r.constant(2), x.a()));
    }
    return id;
  }

  // (A + B) + B = A + 2B, (A + B) + A = 2A + B, A + (A + B) = 2A + B, B + (A + B) = A + 2B
  static int addRepeatedTerm(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Add x) {
      return repeatedTerm(r, id, x.a(), x.b(), false);
    }
    return id;
  }

  // c𝟏𝟏ᵀ + d𝟏𝟏ᵀ = (c + d)𝟏𝟏ᵀ
  static int fillPlusFill(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Add x && r.node(x.a()) instanceof Node.Fill f && r.node(x.b()) instanceof Node.Fill g) {
      return r.add(new Node.Fill(r.add(new Node.ScalarAdd(f.s(), g.s())), r.shape(id)));
    }
    return id;
  }

  // A¹ = A (elementwise)
  static int powerOfOne(Rewriter r, int id) {
    return r.node(id) instanceof Node.Pow x && r.isConstant(x.p(), 1) ? x.a() : id;
  }

  // A / 𝟏𝟏ᵀ = A
  static int divideByOnes(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Div x) {
      Double c = r.fillValue(x.b());
      if (c != null && c == 1) {
        return x.a();
      }
    }
    return id;
  }
}
