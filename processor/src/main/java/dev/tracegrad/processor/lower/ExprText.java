package dev.tracegrad.processor.lower;

import java.util.Locale;

/** Number formatting shared by the lowered program's listing and its comments. */
final class ExprText {
  private ExprText() {}

  /** {@code 2} for 2.0, {@code 0.5} for 0.5: integers without the trailing ".0". */
  static String number(double v) {
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return Double.toString(v);
  }
}
