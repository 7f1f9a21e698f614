package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The high-precision reference values in {@code special-functions.csv}, printed by
 * {@code runtime/src/test/python/special_references.py} (mpmath at 60 digits), and the checks
 * the special-function tests share.
 */
final class SpecialReferences {
    private static final String RESOURCE = "special-functions.csv";

    /** One row: the function's value at x, to 25 digits. */
    record Row(double x, BigDecimal value) {}

    private SpecialReferences() {}

    /** The rows for {@code function}, in file order. */
    static List<Row> rows(String function) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = SpecialReferences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                fail("missing test resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",");
                if (fields[0].equals(function)) {
                    rows.add(new Row(Double.parseDouble(fields[1]), new BigDecimal(fields[2])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Asserts that {@code f} is within {@code bound} relative of every reference value of
     * {@code function}: |f(x) − v| ≤ bound · max(|v|, {@link Double#MIN_NORMAL}), so below the
     * normal doubles (where a result keeps fewer digits) the bound is absolute. A value beyond the
     * double range must come out as the infinity of its sign. Returns the worst relative error,
     * for the failure messages of callers that want it.
     */
    static double assertMatches(String function, DoubleUnaryOperator f, double bound, int minimumRows) {
        List<Row> rows = rows(function);
        assertTrue(rows.size() >= minimumRows, function + ": only " + rows.size() + " reference rows");
        BigDecimal maxDouble = new BigDecimal(Double.MAX_VALUE);
        BigDecimal minNormal = new BigDecimal(Double.MIN_NORMAL);
        double worst = 0;
        for (Row row : rows) {
            double actual = f.applyAsDouble(row.x());
            String where = function + "(" + row.x() + ") = " + actual + ", reference " + row.value();
            if (row.value().abs().compareTo(maxDouble) > 0) {
                assertEquals(row.value().signum() * Double.POSITIVE_INFINITY, actual, where);
                continue;
            }
            assertTrue(Double.isFinite(actual), where);
            BigDecimal scale = row.value().abs().max(minNormal);
            double error = new BigDecimal(actual).subtract(row.value()).abs()
                .divide(scale, MathContext.DECIMAL64).doubleValue();
            assertTrue(error <= bound, where + ": relative error " + error + " > " + bound);
            worst = Math.max(worst, error);
        }
        return worst;
    }

    /**
     * Asserts that {@code derivative} agrees with the central difference of {@code f} at x with
     * step h: to 1e-7 relative, plus the rounding error of the difference quotient itself
     * (100 ulps of f(x) over h).
     */
    static void assertDerivative(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative,
            double x, double h) {
        double above = x + h;
        double below = x - h; // divided by the step actually taken, not by the rounded-away 2h
        double difference = (f.applyAsDouble(above) - f.applyAsDouble(below)) / (above - below);
        double expected = derivative.applyAsDouble(x);
        double tolerance = 1e-7 * Math.abs(expected) + 100 * Math.ulp(f.applyAsDouble(x)) / h;
        assertEquals(expected, difference, tolerance, name + " at " + x);
    }
}
