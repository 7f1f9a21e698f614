/**
 * The benchmark workloads written with EJML's dense row-major operations and the same
 * hand-derived gradient formulas: what a Java user would write without a gradient generator.
 * Products, inverses and factorisations go through EJML; elementwise steps, which EJML has no
 * operation for (sigmoid, log-softmax), are plain loops over {@code DMatrixRMaj.data}. Workspaces
 * are kept between calls, as EJML's own guidance recommends.
 */
package dev.tracegrad.bench.ejml;
