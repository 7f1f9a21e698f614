package dev.tracegrad.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Which implementation the kernels use: the Vector API ({@code jdk.incubator.vector}) when the
 * JVM was started with {@code --add-modules jdk.incubator.vector}, the plain Java loops otherwise.
 * The products give the same bits either way. The choice is made once, when this class initialises:
 *
 * <ul>
 *   <li>without the module in the boot layer nothing is loaded and nothing is printed;
 *   <li>with it, the vector classes are loaded reflectively and a line is logged (the JDK prints
 *       its own incubator warning at start-up); if they fail to link, or the preferred vector
 *       holds fewer than four doubles (below 256 bits, which its blocks are not sized for),
 *       a warning says why and the plain loops stay in use;
 *   <li>the system property {@code dev.tracegrad.vector=false} keeps the plain loops even with
 *       the module present.
 * </ul>
 *
 * <p>The products' general case ({@link Gemm}'s packed path, thread splits included) has a
 * vector implementation with the same bits, as do {@link Lu}'s factorisation, solves and inverse
 * (their row updates, {@link LuKernel}). So do {@link ArrayFunctions}'s exp and sigmoid passes,
 * which then compute by {@link ArithmeticExp}'s steps: the same in every JIT tier, within a few
 * ulps but not the bits of {@link Math#exp} on some entries; the system property
 * {@code dev.tracegrad.vector.functions=false} keeps them scalar. Matrix–vector products and
 * the other entrywise loops run the same code either way.
 *
 * <p>The tanh pass has a vector kernel too ({@link ArithmeticTanh}'s steps), used only with
 * {@code dev.tracegrad.vector.tanh=true}: in JVMs that ran it beside the products, C2 now and
 * then compiled the product kernel with its accumulators boxed (the digits gradient then
 * allocated about 2 MB a call and took five times as long). On JDK 17 that happened in 4 of 16
 * benchmark forks on a two-core machine, and in none of 12 without the tanh kernel; on JDK 25 in
 * none of 12 with it. Why is not yet understood.
 */
public final class Vectorization {
    private static final String MODULE = "jdk.incubator.vector";
    private static final String PROPERTY = "dev.tracegrad.vector";
    private static final String FUNCTIONS_PROPERTY = "dev.tracegrad.vector.functions";
    private static final String TANH_PROPERTY = "dev.tracegrad.vector.tanh";
    private static final String IMPLEMENTATION = "dev.tracegrad.kernel.VectorGemm";
    private static final String FUNCTIONS_IMPLEMENTATION = "dev.tracegrad.kernel.VectorArrayFunctions";
    private static final String LU_IMPLEMENTATION = "dev.tracegrad.kernel.VectorLu";

    /** The vector product kernel, or null when the plain loops run. */
    static final GemmKernel GEMM;
    /** The vector entrywise passes, or null when they run the plain loops. */
    static final ArrayFunctionsKernel FUNCTIONS;
    /**
     * Whether the tanh pass runs {@link #FUNCTIONS}' kernel: only on request
     * ({@code dev.tracegrad.vector.tanh=true}), see the class comment.
     */
    static final boolean TANH;
    /** The vector row updates of LU and its solves, or null when the plain loops run. */
    static final LuKernel LU;
    private static final String DESCRIPTION;

    static {
        GemmKernel gemm = null;
        ArrayFunctionsKernel functions = null;
        boolean tanh = false;
        LuKernel lu = null;
        String description;
        Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
        if (module.isEmpty()) {
            description = "scalar (start the JVM with --add-modules " + MODULE
                    + " for the Vector API kernels)";
        } else if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            description = "scalar (" + PROPERTY + "=false)";
        } else {
            System.Logger log = System.getLogger(Vectorization.class.getName());
            try {
                gemm = (GemmKernel) load(IMPLEMENTATION);
                description = gemm.toString();
                lu = (LuKernel) load(LU_IMPLEMENTATION);
                description += "; LU and its solves in vectors";
                if ("false".equalsIgnoreCase(System.getProperty(FUNCTIONS_PROPERTY))) {
                    description += "; entrywise exp, sigmoid and tanh scalar (" + FUNCTIONS_PROPERTY + "=false)";
                } else {
                    functions = (ArrayFunctionsKernel) load(FUNCTIONS_IMPLEMENTATION);
                    tanh = "true".equalsIgnoreCase(System.getProperty(TANH_PROPERTY));
                    description += tanh ? "; entrywise exp, sigmoid and tanh in vectors"
                            : "; entrywise exp and sigmoid in vectors (tanh scalar unless "
                                    + TANH_PROPERTY + "=true)";
                }
                log.log(System.Logger.Level.INFO, "TraceGrad kernels: " + description);
            } catch (UnsupportedOperationException e) {
                gemm = null;
                functions = null;
                lu = null;
                description = "scalar (" + e.getMessage() + ")";
                log.log(System.Logger.Level.WARNING, "TraceGrad kernels stay scalar: " + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                gemm = null;
                functions = null;
                lu = null;
                description = "scalar (the Vector API kernels failed to load: " + e + ")";
                log.log(System.Logger.Level.WARNING,
                        "TraceGrad kernels stay scalar: the Vector API kernels failed to load", e);
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        GEMM = gemm;
        FUNCTIONS = functions;
        TANH = tanh;
        LU = lu;
        DESCRIPTION = description;
    }

    private Vectorization() {}

    /** A new instance of a vector class, through its no-argument constructor. */
    private static Object load(String className) throws Throwable {
        Class<?> c = Class.forName(className, true, Vectorization.class.getClassLoader());
        return MethodHandles.lookup().findConstructor(c, MethodType.methodType(void.class)).invoke();
    }

    /** Whether the products run the Vector API kernel in this JVM. */
    public static boolean enabled() {
        return GEMM != null;
    }

    /**
     * The implementation in use, for logs and reports: e.g. {@code "Vector API, 8 doubles per
     * vector, 8×16 register blocks; LU and its solves in vectors; entrywise exp and sigmoid in
     * vectors (tanh scalar unless dev.tracegrad.vector.tanh=true)"} or {@code "scalar (start the
     * JVM with …)"}.
     */
    public static String description() {
        return DESCRIPTION;
    }
}
