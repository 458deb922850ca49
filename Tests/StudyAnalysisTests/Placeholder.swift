import XCTest
@testable import StudyAnalysis
