#ifndef MAXENT_COPENBLAS_SHIM_H
#define MAXENT_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
