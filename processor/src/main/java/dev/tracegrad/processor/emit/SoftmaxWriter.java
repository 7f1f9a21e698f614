package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.lower.Step;

/**
 * Emit stage: softmax or log-softmax of every column, with the reference formulas of {@code Ops}
 * (column max; Σ exp(x − max) down the column; then exp(x − max)/Σ, or x − max − log Σ). The
 * passes run row by row with one running max and sum per column, so memory is read along rows
 * while each column's sum still adds its terms in ascending row order, as {@code Ops} does.
 */
final class SoftmaxWriter {
  private final MethodContext ctx;
  private final Step.ColumnSoftmax s;
  private final CodeBlock.Builder b = CodeBlock.builder();
  private final String i;
  private final String j;
  private final String in;
  private final String out;
  private final String max;
  private final String sum;

  private SoftmaxWriter(MethodContext ctx, Step.ColumnSoftmax s) {
    this.ctx = ctx;
    this.s = s;
    this.i = has(s.out().shape().rows()) ? ctx.scope().loopLocal("i") : null;
    this.j = has(s.out().shape().cols()) ? ctx.scope().loopLocal("j") : null;
    this.in = ctx.array(s.in());
    this.out = ctx.array(s.out());
    this.max = ctx.array(s.colMax());
    this.sum = ctx.array(s.colSum());
  }

  static CodeBlock write(MethodContext ctx, Step.ColumnSoftmax s) {
    return new SoftmaxWriter(ctx, s).write();
  }

  private CodeBlock write() {
    b.add("// $L\n", s.comment());
    b.addStatement("$T.fill($L, $T.NEGATIVE_INFINITY)", Types.ARRAYS, max, Types.DOUBLE);
    String row = openRows();
    b.addStatement("$L[$L] = $T.max($L[$L], $L[$L])",
        max, col(), Types.MATH, max, col(), in, entry(row));
    closeRows();
    b.addStatement("$T.fill($L, 0.0)", Types.ARRAYS, sum);
    row = openRows();
    CodeBlock e = CodeBlock.of("$T.exp($L[$L] - $L[$L])", Types.MATH, in, entry(row), max, col());
    if (s.log()) {
      b.addStatement("$L[$L] += $L", sum, col(), e);
    } else {
      // Store exp(x - max) now and divide by the sum once it is complete.
      String x = i != null || j != null ? ctx.scope().loopLocal("e") : ctx.scope().unique("e");
      b.addStatement("double $L = $L", x, e);
      b.addStatement("$L[$L] = $L", out, entry(row), x);
      b.addStatement("$L[$L] += $L", sum, col(), x);
    }
    closeRows();
    if (s.log()) {
      // One log per column, as Ops takes it, then x - max - log(sum) for every entry.
      b.add("// $L now holds log of the column sums\n", sum);
      openCols();
      b.addStatement("$L[$L] = $T.log($L[$L])", sum, col(), Types.MATH, sum, col());
      closeCols();
      row = openRows();
      b.addStatement("$L[$L] = $L[$L] - $L[$L] - $L[$L]",
          out, entry(row), in, entry(row), max, col(), sum, col());
    } else {
      row = openRows();
      b.addStatement("$L[$L] /= $L[$L]", out, entry(row), sum, col());
    }
    closeRows();
    return b.build();
  }

  /** Opens the i loop (with its row offset) and the j loop; returns the row offset or null. */
  private String openRows() {
    String row = null;
    if (i != null) {
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, ctx.dim(s.out().shape().rows()), i);
      if (j != null) {
        row = ctx.scope().loopLocal("row");
        b.addStatement("int $L = $L * $L", row, i, ctx.dim(s.out().shape().cols()));
      } else {
        row = i;
      }
    }
    openCols();
    return row;
  }

  private void closeRows() {
    closeCols();
    if (i != null) {
      b.endControlFlow();
    }
  }

  private void openCols() {
    if (j != null) {
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, ctx.dim(s.out().shape().cols()), j);
    }
  }

  private void closeCols() {
    if (j != null) {
      b.endControlFlow();
    }
  }

  private String col() {
    return j != null ? j : "0";
  }

  private String entry(String row) {
    if (row == null) {
      return col();
    }
    return j != null ? row + " + " + j : row;
  }

  private static boolean has(Dim d) {
    return !d.equals(Dim.ONE);
  }
}
