package dev.tracegrad.processor.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Equalities between symbolic dimensions (union–find). The front end adds one equality per
 * operand pair an op constrains ({@code mul(A, B)}: A.cols = B.rows); later stages only ask
 * whether two dimensions are known equal. The representative of a class is the first member added
 * in program order, or {@link Dim#ONE} when the class contains it, so the result is deterministic.
 */
public final class Dims {
  private final Map<Dim, Dim> parent = new LinkedHashMap<>();

  /** Registers a dimension (idempotent). */
  public void add(Dim d) {
    parent.putIfAbsent(Objects.requireNonNull(d), d);
  }

  /** The representative of d's class. */
  public Dim find(Dim d) {
    add(d);
    Dim p = parent.get(d);
    if (p.equals(d)) {
      return d;
    }
    Dim root = find(p);
    parent.put(d, root);
    return root;
  }

  /** Records a = b. Returns false if they were already known equal. */
  public boolean unify(Dim a, Dim b) {
    Dim ra = find(a);
    Dim rb = find(b);
    if (ra.equals(rb)) {
      return false;
    }
    // ONE always wins, otherwise the earlier-registered root wins: deterministic representatives.
    if (rb.equals(Dim.ONE) || (!ra.equals(Dim.ONE) && indexOf(rb) < indexOf(ra))) {
      parent.put(ra, rb);
    } else {
      parent.put(rb, ra);
    }
    return true;
  }

  /** Whether a = b is implied by the recorded equalities. */
  public boolean same(Dim a, Dim b) {
    return find(a).equals(find(b));
  }

  /** Whether both rows and cols of the shapes are known equal. */
  public boolean same(Shape a, Shape b) {
    return same(a.rows(), b.rows()) && same(a.cols(), b.cols());
  }

  /** The shape with both dimensions replaced by their representatives. */
  public Shape canonical(Shape s) {
    return new Shape(find(s.rows()), find(s.cols()));
  }

  /** An independent copy. */
  public Dims copy() {
    Dims c = new Dims();
    for (Dim d : parent.keySet()) {
      c.add(d);
    }
    for (Dim d : parent.keySet()) {
      c.unify(d, find(d));
    }
    return c;
  }

  /** Every registered dimension, in registration order. */
  public List<Dim> all() {
    return Collections.unmodifiableList(new ArrayList<>(parent.keySet()));
  }

  private int indexOf(Dim d) {
    int i = 0;
    for (Dim k : parent.keySet()) {
      if (k.equals(d)) {
        return i;
      }
      i++;
    }
    return Integer.MAX_VALUE;
  }
}
