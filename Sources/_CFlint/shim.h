#ifndef MAXENT_CFLINT_SHIM_H
#define MAXENT_CFLINT_SHIM_H
#include <gmp.h>
#include <flint/flint.h>
#include <flint/fmpz.h>
#include <flint/fmpq.h>
#include <flint/fmpz_mat.h>
#include <flint/fmpq_mat.h>
#include <arb.h>

/* Macros and inline accessors that Swift cannot see through. */
static inline fmpz *maxent_fmpq_numref(fmpq_t q) { return fmpq_numref(q); }
static inline fmpz *maxent_fmpq_denref(fmpq_t q) { return fmpq_denref(q); }
static inline fmpz *maxent_fmpz_mat_entry(fmpz_mat_t m, slong i, slong j) { return fmpz_mat_entry(m, i, j); }
static inline fmpq *maxent_fmpq_mat_entry(fmpq_mat_t m, slong i, slong j) { return fmpq_mat_entry(m, i, j); }
static inline arf_struct *maxent_arb_midref(arb_t x) { return arb_midref(x); }
static inline mag_struct *maxent_arb_radref(arb_t x) { return arb_radref(x); }
static inline ulong maxent_arb_str_no_radius(void) { return ARB_STR_NO_RADIUS; }
static inline const char *maxent_flint_version(void) { return FLINT_VERSION; }
#endif
