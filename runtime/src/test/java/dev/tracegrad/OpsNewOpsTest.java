package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.assertClose;
import static dev.tracegrad.MatrixAssert.m;
import static dev.tracegrad.MatrixAssert.row;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The ops of the loss language 0.2 against values worked out by hand, and their errors. */
class OpsNewOpsTest {
    private static final double TOL = 1e-14;

    @Test
    void log1pAndExpm1AreAccurateForTinyEntries() {
        assertClose(m(row(0, Math.log(2)), row(Math.log(0.5), 1e-20)), log1p(m(row(0, 1), row(-0.5, 1e-20))), TOL);
        // exp(1e-20) − 1 rounds to 0; expm1 keeps it
        assertEquals(1e-20, expm1(m(row(1e-20))).get(0, 0), 0);
        assertClose(m(row(Math.E - 1, 1 / Math.E - 1)), expm1(m(row(1, -1))), TOL);
    }

    @Test
    void scalarOverloadsOfTheFunctionsMathLacks() {
        assertEquals(0.5, sigmoid(0.0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), sigmoid(2.0), TOL);
        assertEquals(0.0, sigmoid(-1000.0), 0);
        assertEquals(3.0, relu(3.0), 0);
        assertEquals(0.0, relu(-3.0), 0);
        assertEquals(Math.log(2), softplus(0.0), TOL);
        assertEquals(1000.0, softplus(1000.0), 0);
        assertEquals(6.25, square(-2.5), 0);
        // each agrees with the matrix form's entry
        assertEquals(sigmoid(m(row(0.3))).get(0, 0), sigmoid(0.3), 0);
        assertEquals(softplus(m(row(-4.2))).get(0, 0), softplus(-4.2), 0);
    }
}
