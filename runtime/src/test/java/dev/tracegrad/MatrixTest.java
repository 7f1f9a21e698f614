package dev.tracegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void ofStoresRowMajorAndCopiesItsArgument() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Matrix a = Matrix.of(2, 3, values);
        values[0] = 99;
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        assertEquals(1, a.get(0, 0));
        assertEquals(3, a.get(0, 2));
        assertEquals(4, a.get(1, 0));
        assertEquals(6, a.get(1, 2));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data());
    }

    @Test
    void ofRejectsWrongEntryCountAndNegativeDimensions() {
        var wrongCount = assertThrows(IllegalArgumentException.class, () -> Matrix.of(2, 3, 1, 2));
        assertEquals("of: a 2×3 matrix needs 6 entries but got 2", wrongCount.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> Matrix.of(-1, 2));
        assertEquals("dimensions must not be negative but are -1×2", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.zeros(2, -3));
        var tooLarge = assertThrows(IllegalArgumentException.class,
                () -> Matrix.zeros(1 << 16, 1 << 16));
        assertEquals("65536×65536 is too large for one array", tooLarge.getMessage());
        var nul = assertThrows(NullPointerException.class, () -> Matrix.of(1, 1, (double[]) null));
        assertEquals("rowMajor must not be null", nul.getMessage());
    }

    @Test
    void zeroDimensionsAreAllowed() {
        Matrix empty = Matrix.zeros(0, 3);
        assertEquals(0, empty.rows());
        assertEquals(3, empty.cols());
        assertEquals(0, empty.data().length);
        assertEquals("0×3 []", empty.toString());
        assertEquals(Matrix.of(0, 0), Matrix.fromRows(new double[0][]));
        assertEquals(0, Matrix.column().rows());
    }

    @Test
    void zerosIdentityAndColumn() {
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, Matrix.zeros(3, 2).data());
        assertEquals(Matrix.of(3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1), Matrix.identity(3));
        Matrix c = Matrix.column(1, 2, 3);
        assertEquals(3, c.rows());
        assertEquals(1, c.cols());
        assertEquals(Matrix.of(3, 1, 1, 2, 3), c);
    }

    @Test
    void fromRowsAndToArrayRoundTrip() {
        double[][] rows = {{1, 2, 3}, {4, 5, 6}};
        Matrix a = Matrix.fromRows(rows);
        assertEquals(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6), a);
        rows[0][0] = 99; // copied, not adopted
        assertEquals(1, a.get(0, 0));
        double[][] back = a.toArray();
        assertArrayEquals(new double[] {1, 2, 3}, back[0]);
        assertArrayEquals(new double[] {4, 5, 6}, back[1]);
        back[1][1] = 99; // a fresh array
        assertEquals(5, a.get(1, 1));
    }

    @Test
    void fromRowsRejectsRaggedAndNullRows() {
        var ragged = assertThrows(IllegalArgumentException.class,
                () -> Matrix.fromRows(new double[][] {{1, 2, 3}, {4, 5}}));
        assertEquals("fromRows: row 1 has 2 entries but row 0 has 3 (rows must not be ragged)",
                ragged.getMessage());
        var nullRow = assertThrows(NullPointerException.class,
                () -> Matrix.fromRows(new double[][] {{1}, null}));
        assertEquals("rows[1] must not be null", nullRow.getMessage());
        assertThrows(NullPointerException.class, () -> Matrix.fromRows(null));
    }

    @Test
    void randomDrawsGaussiansInRowMajorOrder() {
        Matrix a = Matrix.random(2, 3, new Random(42));
        Random expected = new Random(42);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected.nextGaussian(), a.data()[i]);
        }
        assertEquals(a, Matrix.random(2, 3, new Random(42)));
        var nul = assertThrows(NullPointerException.class, () -> Matrix.random(1, 1, null));
        assertEquals("random must not be null", nul.getMessage());
    }

    @Test
    void getAndSetAreBoundsChecked() {
        Matrix a = Matrix.zeros(2, 3);
        a.set(1, 2, 7);
        assertEquals(7, a.get(1, 2));
        assertEquals(7, a.data()[5]);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
        assertEquals("(2, 0) is outside a 2×3 matrix", e.getMessage());
        // A column past the end must not wrap into the next row.
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(-1, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(0, -1, 1));
    }

    @Test
    void dataIsTheBackingArray() {
        Matrix a = Matrix.zeros(2, 2);
        assertSame(a.data(), a.data());
        a.data()[3] = 5;
        assertEquals(5, a.get(1, 1));
    }

    @Test
    void copyIsIndependent() {
        Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
        Matrix b = a.copy();
        assertEquals(a, b);
        assertNotSame(a.data(), b.data());
        b.set(0, 0, 9);
        a.set(1, 1, 8);
        assertEquals(Matrix.of(2, 2, 1, 2, 3, 8), a);
        assertEquals(Matrix.of(2, 2, 9, 2, 3, 4), b);
    }

    @Test
    void equalityIsByShapeAndValue() {
        Matrix a = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        assertEquals(a, Matrix.of(2, 3, 1, 2, 3, 4, 5, 6));
        assertEquals(a.hashCode(), Matrix.of(2, 3, 1, 2, 3, 4, 5, 6).hashCode());
        assertNotEquals(a, Matrix.of(3, 2, 1, 2, 3, 4, 5, 6)); // same entries, other shape
        assertNotEquals(a, Matrix.of(2, 3, 1, 2, 3, 4, 5, 7));
        assertNotEquals(a, "not a matrix");
        assertNotEquals(a, null);
    }

    @Test
    void equalityTreatsSignedZerosAlikeAndNanAsEqualToItself() {
        Matrix zero = Matrix.of(1, 2, 0.0, 1);
        Matrix negZero = Matrix.of(1, 2, -0.0, 1);
        assertEquals(zero, negZero);
        assertEquals(zero.hashCode(), negZero.hashCode());
        Matrix nan = Matrix.of(1, 1, Double.NaN);
        assertEquals(nan, Matrix.of(1, 1, Double.NaN));
        assertEquals(nan.hashCode(), Matrix.of(1, 1, Double.NaN).hashCode());
        assertNotEquals(nan, Matrix.of(1, 1, 0));
    }

    @Test
    void toStringShowsShapeAndEntries() {
        assertEquals("2×3 [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]",
                Matrix.of(2, 3, 1, 2, 3, 4, 5, 6).toString());
        assertEquals("2×1 [[1.5], [-2.0]]", Matrix.column(1.5, -2).toString());
    }

    @Test
    void toStringElidesLargeMatrices() {
        Matrix big = Matrix.zeros(100, 100);
        big.set(0, 5, 1);
        big.set(0, 6, 2); // beyond what is shown
        String zeros = ", [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, …]";
        assertEquals("100×100 [[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, …]" + zeros.repeat(5) + ", …]",
                big.toString());
    }
}
