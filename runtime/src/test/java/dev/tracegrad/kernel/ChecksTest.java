package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void nonNullReturnsItsArgumentOrNamesIt() {
        Matrix a = Matrix.zeros(1, 1);
        assertSame(a, Checks.nonNull(a, "W1"));
        var e = assertThrows(NullPointerException.class, () -> Checks.nonNull(null, "W1"));
        assertEquals("W1 must not be null", e.getMessage());
    }

    @Test
    void shapeMismatchIsBuiltNotThrown() {
        IllegalArgumentException e = Checks.shapeMismatch(
                "mul", "W1", 2, 3, "x", 4, 1, "columns of W1 must equal rows of x");
        assertEquals("mul: W1 is 2×3 but x is 4×1 (columns of W1 must equal rows of x)",
                e.getMessage());
    }

    @Test
    void wrongShapeMessage() {
        assertEquals("inv: S is 2×3 but must be square",
                Checks.wrongShape("inv", "S", 2, 3, "square").getMessage());
    }

    @Test
    void outputShape() {
        assertDoesNotThrow(() -> Checks.outputShape(Matrix.zeros(2, 3), "dW1", 2, 3, "W1"));
        var shape = assertThrows(IllegalArgumentException.class,
                () -> Checks.outputShape(Matrix.zeros(3, 2), "dW1", 2, 3, "W1"));
        assertEquals("dW1 must be 2×3 like W1 but is 3×2", shape.getMessage());
        var nul = assertThrows(NullPointerException.class,
                () -> Checks.outputShape(null, "dW1", 2, 3, "W1"));
        assertEquals("dW1 must not be null", nul.getMessage());
    }

    @Test
    void notAliased() {
        Matrix w = Matrix.zeros(2, 2);
        assertDoesNotThrow(() -> Checks.notAliased(w.copy(), "dW", w, "W"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checks.notAliased(w, "dW", w, "W"));
        assertEquals("dW must not be the same matrix as W", e.getMessage());
        assertThrows(NullPointerException.class, () -> Checks.notAliased(null, "dW", w, "W"));
    }

    @Test
    void notAliasedAllAtOnceFindsThePairsTheSingleChecksWould() {
        Matrix w1 = Matrix.zeros(2, 2);
        Matrix w2 = Matrix.zeros(2, 2);
        Matrix x = Matrix.zeros(2, 1);
        String[] names = {"dW1", "dW2", "W1", "W2", "x"};
        Matrix[] ok = {w1.copy(), w2.copy(), w1, w2, x};
        assertDoesNotThrow(() -> Checks.notAliased(ok, 2, names));
        assertArrayEquals(new Matrix[5], ok, "cleared after success");

        // An output that is an argument, reported by output then argument, in order.
        Matrix[] argument = {w1.copy(), x, w1, w2, x};
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.notAliased(argument, 2, names));
        assertEquals("dW2 must not be the same matrix as x", e.getMessage());
        assertArrayEquals(new Matrix[5], argument, "cleared after failure");

        // One buffer passed for two outputs.
        Matrix d = Matrix.zeros(2, 2);
        Matrix[] outputs = {d, d, w1, w2, x};
        e = assertThrows(IllegalArgumentException.class, () -> Checks.notAliased(outputs, 2, names));
        assertEquals("dW2 must not be the same matrix as dW1", e.getMessage());

        // Arguments are checked against outputs only: two equal arguments are fine.
        Matrix[] sameArguments = {w1.copy(), w2.copy(), w1, w1, x};
        assertDoesNotThrow(() -> Checks.notAliased(sameArguments, 2, names));

        // The first clash in the order of the single checks wins.
        Matrix[] two = {w2, w1, w1, w2, x};
        e = assertThrows(IllegalArgumentException.class, () -> Checks.notAliased(two, 2, names));
        assertEquals("dW1 must not be the same matrix as W2", e.getMessage());

        Matrix[] withNull = {w1.copy(), null, w1, w2, x};
        var npe = assertThrows(NullPointerException.class, () -> Checks.notAliased(withNull, 2, names));
        assertEquals("dW2 must not be null", npe.getMessage());
        assertArrayEquals(new Matrix[5], withNull);
    }

    @Test
    void distinctArraysRejectsOneArrayPassedTwice() {
        double[] a = new double[1];
        double[] b = new double[1];
        String[] names = {"ds", "dt", "du"};
        double[][] ok = {a, b, new double[1]};
        assertDoesNotThrow(() -> Checks.distinctArrays(ok, names));
        assertArrayEquals(new double[3][], ok, "cleared after success");
        double[][] twice = {a, b, b};
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.distinctArrays(twice, names));
        assertEquals("du must not be the same array as dt", e.getMessage());
        assertArrayEquals(new double[3][], twice, "cleared after failure");
        var npe = assertThrows(NullPointerException.class,
                () -> Checks.distinctArrays(new double[][] {a, null}, names));
        assertEquals("dt must not be null", npe.getMessage());
    }

    @Test
    void checkingManyOutputsAtOnceAllocatesNothing() {
        int n = 120;
        Matrix[] matrices = new Matrix[2 * n];
        String[] names = new String[2 * n];
        Matrix[] kept = new Matrix[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            kept[i] = Matrix.zeros(1, 1);
            names[i] = "m" + i;
        }
        double[][] arrays = new double[n][];
        double[][] keptArrays = new double[n][];
        for (int i = 0; i < n; i++) {
            keptArrays[i] = new double[1];
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int call = 0; call < 2_000; call++) {
                System.arraycopy(kept, 0, matrices, 0, kept.length);
                Checks.notAliased(matrices, n, names);
                System.arraycopy(keptArrays, 0, arrays, 0, n);
                Checks.distinctArrays(arrays, names);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, "bytes allocated by 2000 checks of 120 outputs");
    }
}
