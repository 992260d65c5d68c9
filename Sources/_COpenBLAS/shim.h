#ifndef MAXENT_COPENBLAS_SHIM_H
#define MAXENT_COPENBLAS_SHIM_H
#include <cblas.h>

/* The CPU identification the BLAS kernel choice needs (cpuid and the OS-enabled register state),
   which Swift cannot express itself. On other architectures both report nothing. */
#if defined(__x86_64__)
#include <cpuid.h>
/* Writes eax, ebx, ecx, edx of cpuid(leaf, subleaf) to registers[0...3]; returns 0 when the leaf
   does not exist. */
static inline int maxent_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int *registers) {
    return __get_cpuid_count(leaf, subleaf, &registers[0], &registers[1], &registers[2], &registers[3]);
}
/* XCR0: which register states (SSE, AVX, AVX-512) the operating system saves, so may be used. */
static inline unsigned long long maxent_xgetbv0(void) {
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}
#else
static inline int maxent_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int *registers) {
    (void)leaf; (void)subleaf; registers[0] = registers[1] = registers[2] = registers[3] = 0;
    return 0;
}
static inline unsigned long long maxent_xgetbv0(void) { return 0; }
#endif
#endif
