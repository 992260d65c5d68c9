import _CFlint

/// A scratch vector of Arb balls owned by one solver run (not shared, not exposed).
final class ArbVector {
    let count: Int
    let base: UnsafeMutablePointer<arb_struct>

    init(count: Int) {
        self.count = count
        base = _arb_vec_init(max(count, 1))
    }

    deinit { _arb_vec_clear(base, max(count, 1)) }

    subscript(index: Int) -> UnsafeMutablePointer<arb_struct> { base + index }
}
