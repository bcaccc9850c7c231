/// Finds the boundary of a predicate that is true on the low side of `[low, high]` and false
/// on the high side, by bisection down to adjacent doubles (or 200 halvings).
///
/// Bisection rather than Newton because it cannot diverge: the peak-shape functions it is used
/// on are monotonic on the bracket but have derivatives spanning many orders of magnitude.
func bisect(low: Double, high: Double, isBeforeBoundary: (Double) -> Bool) -> Double {
    var low = low
    var high = high
    for _ in 0..<200 {
        let middle = low + (high - low) / 2
        if middle <= low || middle >= high { break }
        if isBeforeBoundary(middle) {
            low = middle
        } else {
            high = middle
        }
    }
    return low + (high - low) / 2
}
