#ifndef MAXENT_CGMP_SHIM_H
#define MAXENT_CGMP_SHIM_H
#include <gmp.h>

/* GMP's mpq_/mpz_ names are macros, and its expression macros do not import into Swift at all. */
static inline int maxent_mpq_sgn(const __mpq_struct *q) { return mpq_sgn(q); }
static inline int maxent_mpz_sgn(const __mpz_struct *z) { return mpz_sgn(z); }
static inline __mpz_struct *maxent_mpq_numref(__mpq_struct *q) { return mpq_numref(q); }
static inline __mpz_struct *maxent_mpq_denref(__mpq_struct *q) { return mpq_denref(q); }
static inline const __mpz_struct *maxent_mpq_numref_const(const __mpq_struct *q) { return mpq_numref(q); }
static inline const __mpz_struct *maxent_mpq_denref_const(const __mpq_struct *q) { return mpq_denref(q); }
#endif
