/**
 * The benchmark workloads' inputs at their named sizes, built from fixed seeds so that every run
 * and every implementation sees the same numbers.
 */
package dev.tracegrad.bench.workload;
