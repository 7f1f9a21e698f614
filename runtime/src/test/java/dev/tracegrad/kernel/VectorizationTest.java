package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which product and entrywise kernels are active. The build runs this class twice: in the plain
 * test run, where the kernels must stay scalar, and in the run with {@code --add-modules
 * jdk.incubator.vector} (system property {@code tracegrad.test.vector=true}), where they must use
 * the Vector API, so that a vector path that silently failed to load fails the build.
 */
class VectorizationTest {
    private final boolean expected = Boolean.getBoolean("tracegrad.test.vector");

    @Test
    void theExpectedKernelIsActive() {
        assertEquals(expected, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the test run's JVM options");
        assertEquals(expected, Vectorization.enabled(), Vectorization.description());
        assertTrue(Vectorization.description().startsWith(expected ? "Vector API, " : "scalar ("),
                Vectorization.description());
        // LU's row updates come with the products.
        assertEquals(expected, Vectorization.LU != null, Vectorization.description());
        assertEquals(expected, Vectorization.description().contains("; LU and its solves in vectors;"),
                Vectorization.description());
        // The entrywise passes follow, unless dev.tracegrad.vector.functions=false; the tanh
        // kernel only on request (the vector executions of this build request it).
        boolean tanh = Boolean.getBoolean("dev.tracegrad.vector.tanh");
        assertEquals(expected, Vectorization.FUNCTIONS != null, Vectorization.description());
        assertEquals(expected && tanh, Vectorization.TANH, Vectorization.description());
        assertEquals(expected, Vectorization.description().endsWith(tanh
                ? "; entrywise exp, sigmoid and tanh in vectors"
                : "; entrywise exp and sigmoid in vectors (tanh scalar unless dev.tracegrad.vector.tanh=true)"),
                Vectorization.description());
    }

    @Test
    void workspacesUseTheActiveKernel() {
        assertSame(Vectorization.GEMM, new Workspace().kernel());
        assertSame(Vectorization.GEMM, new Workspace(2).kernel());
    }
}
