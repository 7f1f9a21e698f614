/**
 * The benchmark workloads' inputs at their named sizes, built from fixed seeds so that every run
 * and every implementation sees the same numbers, and their nominal floating-point work.
 */
package dev.tracegrad.bench.workload;
