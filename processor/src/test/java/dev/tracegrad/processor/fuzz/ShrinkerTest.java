package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.fuzz.Expr.Call;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shrinker reduces a program to the part that still shows the failure, staying valid. */
class ShrinkerTest {

  /** A stand-in failure: the method takes an inverse. */
  private static final Predicate<FuzzMethod> USES_INV = m -> {
    boolean inv = m.result().nodes().stream().anyMatch(e -> e instanceof Call c && c.op().equals("inv"));
    for (FuzzMethod.Local l : m.locals()) {
      inv |= l.value().nodes().stream().anyMatch(e -> e instanceof Call c && c.op().equals("inv"));
    }
    return inv;
  };

  @Test
  void shrinksToASingleInverse() {
    int shrunk = 0;
    for (long seed = 1; seed <= 300 && shrunk < 5; seed++) {
      for (FuzzMethod m : FuzzRunner.program(seed).methods()) {
        if (shrunk == 5 || !USES_INV.test(m) || m.size() < 25) {
          continue;
        }
        FuzzMethod small = new Shrinker(USES_INV, 10_000).shrink(m);
        assertTrue(USES_INV.test(small));
        assertEquals(null, Evaluator.domainProblem(small), "shrunk program left the domain");
        // A scalar of inv(P): tr(inv(P)), sum(inv(P)) or the like, and nothing else.
        assertEquals(3, small.size(), small.render());
        assertEquals(1, small.params().size(), small.render());
        assertTrue(small.locals().isEmpty(), small.render());
        shrunk++;
      }
    }
    assertEquals(5, shrunk, "too few generated methods with an inverse");
  }
}
