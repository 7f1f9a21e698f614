package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A regression file reads back as the method it was written from, inputs and all. */
class RegressionFileTest {

  @Test
  void roundTripsEveryRunDetail() {
    for (long seed = 1; seed <= 30; seed++) {
      for (FuzzMethod m : FuzzRunner.program(seed).methods()) {
        String text = RegressionFile.format("Kept" + seed, m, "a note\nover two lines");
        RegressionFile.Case c = RegressionFile.parse(text);
        assertEquals("Kept" + seed, c.className());
        assertTrue(c.source().startsWith("package fuzz;"), c.source());
        assertTrue(c.source().contains(m.render()), c.source());
        assertEquals(m.name(), c.method().name());
        assertArrayEquals(m.dims(), c.method().dims());
        assertEquals(m.params(), c.method().params());
        assertEquals(m.wrt(), c.method().wrt());
        assertEquals(m.generatedName(), c.method().generatedName());
        assertEquals(m.inputs().length, c.method().inputs().length);
        for (int i = 0; i < m.inputs().length; i++) {
          assertTrue(java.util.Objects.deepEquals(m.inputs()[i], c.method().inputs()[i]));
        }
      }
    }
  }
}
