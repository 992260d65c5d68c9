import _CFlint
import _CGMP

/// A dense matrix of exact integers (FLINT's `fmpz_mat`), built entry by entry and solved exactly.
///
/// Entries start at 0 and are given as integer `Rational`s. Owned by one computation; not shared
/// between threads.
public final class IntegerMatrix {
    /// Number of rows.
    public let rowCount: Int
    /// Number of columns.
    public let columnCount: Int
    private var matrix = fmpz_mat_struct()

    /// The `rowCount × columnCount` zero matrix.
    public init(rows rowCount: Int, columns columnCount: Int) {
        precondition(rowCount >= 0 && columnCount >= 0, "IntegerMatrix: negative size")
        self.rowCount = rowCount
        self.columnCount = columnCount
        fmpz_mat_init(&matrix, rowCount, columnCount)
    }

    deinit { fmpz_mat_clear(&matrix) }

    private func entry(_ row: Int, _ column: Int) -> UnsafeMutablePointer<fmpz> {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount,
                     "IntegerMatrix: entry (\(row), \(column)) outside \(rowCount) × \(columnCount)")
        return maxent_fmpz_mat_entry(&matrix, row, column)
    }

    /// Adds the integer `value` to the entry at (`row`, `column`).
    public func add(_ value: Rational, row: Int, column: Int) {
        precondition(value.isInteger, "IntegerMatrix: \(value) is not an integer")
        let target = entry(row, column)
        value.withUnsafeMPQ { q in
            var term = fmpz()
            fmpz_init(&term)
            defer { fmpz_clear(&term) }
            fmpz_set_mpz(&term, maxent_mpq_numref_const(q))
            fmpz_add(target, target, &term)
        }
    }

    /// The entry at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Rational {
        Rational(fmpz: entry(row, column))
    }

    /// The exact solution of `self · X = rightHandSide` for a square `self`, as integer numerators
    /// `X · d` (one column per column of `rightHandSide`, row-major) over one common positive
    /// denominator `d`, by FLINT's p-adic (Dixon) solver; `nil` when `self` is singular.
    public func solveDixon(_ rightHandSide: IntegerMatrix) -> (numerators: IntegerMatrix, denominator: Rational)? {
        precondition(rowCount == columnCount && rightHandSide.rowCount == rowCount, "IntegerMatrix: sizes do not match")
        let solution = IntegerMatrix(rows: rowCount, columns: rightHandSide.columnCount)
        guard rowCount > 0 else { return (solution, .one) }
        var denominator = fmpz()
        fmpz_init(&denominator)
        defer { fmpz_clear(&denominator) }
        guard fmpz_mat_solve_dixon_den(&solution.matrix, &denominator, &matrix, &rightHandSide.matrix) != 0 else {
            return nil
        }
        return (solution, Rational(fmpz: &denominator))
    }
}
