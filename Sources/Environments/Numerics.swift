/// `value` limited to `[low, high]` (NumPy's `clip` for non-NaN values).
@inline(__always)
func clip(_ value: Double, _ low: Double, _ high: Double) -> Double {
    min(max(value, low), high)
}

/// Wraps an angle into [−π, π] by repeatedly adding or subtracting 2π — the reference's
/// `wrap(x, −π, π)` (acrobot) and `normalize_angle` (vehicle).
@inline(__always)
func wrapAngle(_ angle: Double) -> Double {
    var wrapped = angle
    while wrapped > Double.pi { wrapped -= 2 * Double.pi }
    while wrapped < -Double.pi { wrapped += 2 * Double.pi }
    return wrapped
}
