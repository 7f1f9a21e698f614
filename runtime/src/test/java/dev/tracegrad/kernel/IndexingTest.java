package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The index kernels generated code calls, on hand-computed 2×3 and 2×4 examples. */
class IndexingTest {
    // A = [[1, 2, 3], [4, 5, 6]] row-major
    private static final double[] A = {1, 2, 3, 4, 5, 6};

    @Test
    void pickReadsOneEntryPerColumn() {
        double[] out = new double[3];
        Indexing.pick(A, new int[] {1, 0, 1}, out);
        assertArrayEquals(new double[] {4, 2, 6}, out, 0.0);
    }

    @Test
    void gatherColsCopiesColumnsWithRepeats() {
        double[] out = new double[8];
        Indexing.gatherCols(A, 2, 3, new int[] {2, 0, 2, 1}, out);
        assertArrayEquals(new double[] {3, 1, 3, 2, 6, 4, 6, 5}, out, 0.0);
    }

    @Test
    void scatterZeroesTheRestOfAStaleBuffer() {
        double[] out = {9, 9, 9, 9, 9, 9};
        Indexing.scatter(new double[] {0.5, -1, 2}, new int[] {1, 0, 1}, 2, out);
        assertArrayEquals(new double[] {0, -1, 0, 0.5, 0, 2}, out, 0.0);
    }

    @Test
    void scatterAddSumsTheColumnsOfARepeatedIndex() {
        // G = [[1, 2, 3, 4], [5, 6, 7, 8]], ids = {2, 0, 2, 1}: column 2 gets columns 0 and 2
        double[] out = {9, 9, 9, 9, 9, 9};
        Indexing.scatterAdd(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, new int[] {2, 0, 2, 1}, 3, out);
        assertArrayEquals(new double[] {2, 4, 4, 6, 8, 12}, out, 0.0);
    }

    @Test
    void checkedReturnsTheArrayOrThrowsNamingIt() {
        int[] idx = {0, 2};
        assertSame(idx, Indexing.checked(idx, 3, 2, "labels"));
        assertEquals("labels has length 2 but must have 3 entries, one per column",
            assertThrows(IndexOutOfBoundsException.class,
                () -> Indexing.checked(idx, 3, 3, "labels")).getMessage());
        assertEquals("labels[1] = 2 is out of range: it must be at least 0 and less than 2",
            assertThrows(IndexOutOfBoundsException.class,
                () -> Indexing.checked(idx, 2, -1, "labels")).getMessage());
    }
}
