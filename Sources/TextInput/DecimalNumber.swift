/// Numbers as people write them in data files and options: decimal only.
///
/// Swift's `Double(_:)` (strtod underneath) also reads hexadecimal (`0x19` is 25, `0x1p4` is
/// 16), `inf`, `nan` and `infinity`: an age or a response time written `0x19` would become
/// a plausible number without a word. This accepts `[+-]digits[.digits][(e|E)[+-]digits]`
/// (also `.5` and `5.`) and nothing else: no spaces, no hex, no inf or nan.
public enum DecimalNumber {
    /// The value, or nil when `text` is not a decimal number.
    public static func parse<S: StringProtocol>(_ text: S) -> Double? {
        let u = Array(text.utf8)
        var i = 0
        func isSign(_ b: UInt8) -> Bool { b == UInt8(ascii: "+") || b == UInt8(ascii: "-") }
        func digits() -> Int {
            let start = i
            while i < u.count, u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < u.count, isSign(u[i]) { i += 1 }
        var mantissa = digits()
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, isSign(u[i]) { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(String(text))
    }
}
