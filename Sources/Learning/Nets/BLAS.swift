import _COpenBLAS

/// The few OpenBLAS entry points the networks use, in row-major form.
public enum BLAS {
    /// `C ← α·op(A)·op(B) + β·C` with row-major matrices; `op(A)` is `m × k`, `op(B)` is `k × n`.
    @inline(__always)
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc)
        )
    }

    /// `y ← α·op(A)·x + β·y` with a row-major `rows × columns` matrix A.
    @inline(__always)
    static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(rows), blasint(columns), alpha,
            a, blasint(lda), x, 1, beta, y, 1
        )
    }

    /// Makes every OpenBLAS call single-threaded. The learners parallelise across independent
    /// products themselves, which keeps results independent of OpenBLAS's thread scheduling and, at
    /// batch 256, is faster than OpenBLAS's own threading.
    public static func useSingleThread() {
        _ = BLASKernel.current
        openblas_set_num_threads(1)
    }
}
