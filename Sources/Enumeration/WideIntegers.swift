extension UInt128 {
    /// The value as a Double without the generic conversion's cost (it dominated loading the
    /// 400,000-pattern K.9 table and folding sampled strata): exact whenever the value is
    /// representable (in particular below 2^53), within one rounding otherwise.
    @inlinable
    public var doubleValue: Double {
        let high = UInt64(truncatingIfNeeded: self &>> 64)
        return high == 0 ? Double(UInt64(truncatingIfNeeded: self))
            : Double(high) * 0x1p64 + Double(UInt64(truncatingIfNeeded: self))
    }
}
