import XCTest
import Statistics

final class CorrelationTests: XCTestCase {
    func testPearsonByHand() throws {
        // x̄ = 2, ȳ = 3: Σ(x-x̄)(y-ȳ) = 2, Σ(x-x̄)² = 2, Σ(y-ȳ)² = 8 -> r = 2/√16.
        XCTAssertEqual(try XCTUnwrap(Correlation.pearson([1, 2, 3], [1, 5, 3])), 0.5, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Correlation.pearson([1, 2, 3, 4], [10, 20, 30, 40])), 1, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Correlation.pearson([1, 2], [5, 3])), -1, accuracy: 1e-15)
    }

    func testPearsonIsUndefinedWithoutVariation() {
        XCTAssertNil(Correlation.pearson([1, 1, 1], [1, 2, 3]), "constant x")
        XCTAssertNil(Correlation.pearson([1, 2, 3], [4, 4, 4]), "constant y")
        XCTAssertNil(Correlation.pearson([1], [2]), "one pair")
        XCTAssertNil(Correlation.pearson([], []), "no pair")
        XCTAssertNil(Correlation.pearson([1, 2, 3], [1, 2]), "different sizes")
    }
}
