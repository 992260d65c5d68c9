import Arithmetic
import JSON

extension JSONValue {
    /// An exact number for an error message; see `messageText(_:)`.
    public static func messageText(_ value: Rational) -> String {
        messageText(value.description)
    }
}
