@testable import Analysis
import Foundation
@testable import Plotting
@testable import Reports
import Testing

@Test func studentQuantilesMatchClosedFormsAndTables() {
    // ν = 1 (Cauchy): t_p = tan(π(p − ½)); ν = 2: t_p = (2p − 1)·√(2 / (4p(1 − p))).
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - tan(Double.pi * 0.475)) < 1e-9)
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 2) - 0.95 * (2 / (4 * 0.975 * 0.025)).squareRoot()) < 1e-10)
    // Standard tables (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 4) - 2.776445) < 1e-6)
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 9) - 2.262157) < 1e-6)
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 29) - 2.045230) < 1e-6)
    #expect(abs(StudentT.quantile(0.95, degreesOfFreedom: 10) - 1.812461) < 1e-6)
    // Large ν approaches the normal quantile 1.959964.
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1e7) - 1.959964) < 1e-5)
    #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 4) + 2.776445) < 1e-6)
    #expect(abs(StudentT.cumulativeProbability(0, degreesOfFreedom: 3) - 0.5) < 1e-15)
}

@Test func confidenceBandOfAHandCheckedSample() throws {
    // 1, 2, 3, 4, 5: mean 3, s² = 10/4, s/√n = √(1/2), t_{0.975, 4} = 2.776445105,
    // half-width 2.776445105 × 0.707106781 = 1.963243.
    let estimate = MeanEstimate([5, 1, 4, 2, 3])
    #expect(estimate.count == 5)
    #expect(estimate.mean == 3)
    #expect(abs(try #require(estimate.standardDeviation) - 2.5.squareRoot()) < 1e-15)
    #expect(abs(try #require(estimate.halfWidth) - 1.963243) < 1e-6)
    #expect(abs(try #require(estimate.lower) - 1.036757) < 1e-6)
    #expect(abs(try #require(estimate.upper) - 4.963243) < 1e-6)
    // Two seeds 0 and 2: s = √2, s/√2 = 1, so the band is ± t_{0.975, 1} = ± 12.7062.
    #expect(abs(try #require(MeanEstimate([0, 2]).halfWidth) - 12.706205) < 1e-6)
}

@Test func oneSeedHasAMeanButNoBand() {
    let estimate = MeanEstimate([7])
    #expect(estimate.mean == 7)
    #expect(estimate.halfWidth == nil && estimate.lower == nil && estimate.standardDeviation == nil)
}

@Test func runsAreInterpolatedOntoTheUnionGridWithoutExtrapolation() throws {
    let first = [PlotPoint(x: 0, y: 0), PlotPoint(x: 10, y: 10), PlotPoint(x: 20, y: 0)]
    let second = [PlotPoint(x: 0, y: 2), PlotPoint(x: 15, y: 5)]
    let aggregate = SeedAggregate([first, second])
    #expect(aggregate.grid == [0, 10, 15, 20])
    #expect(aggregate.estimates.map(\.count) == [2, 2, 2, 1])
    // At x = 10: the first run logged 10, the second is interpolated to 2 + 3·(10/15) = 4.
    #expect(abs(aggregate.estimates[1].mean - 7) < 1e-12)
    // At x = 15: the first run is interpolated to 5, the second logged 5.
    #expect(aggregate.estimates[2].mean == 5)
    #expect(aggregate.estimates[2].halfWidth == 0)
    #expect(aggregate.estimates[3].mean == 0)
    #expect(aggregate.band.lower.count == 3)
    #expect(aggregate.runCountRange == 1...2)
}

@Test func duplicateAndNonFinitePointsAreCleaned() {
    let curve = SeedAggregate.cleaned([PlotPoint(x: 5, y: 1), PlotPoint(x: 0, y: .nan), PlotPoint(x: 5, y: 2), PlotPoint(x: 1, y: 0)])
    #expect(curve == [PlotPoint(x: 1, y: 0), PlotPoint(x: 5, y: 2)])
    #expect(SeedAggregate.interpolate(curve, at: 3) == 1)
    #expect(SeedAggregate.interpolate(curve, at: 0.5) == nil)
    #expect(SeedAggregate.interpolate(curve, at: 5) == 2)
}

@Test func bandsAreClippedAtTheStripEdgesExactly() {
    let peak = [PlotPoint(x: 0, y: 0), PlotPoint(x: 1, y: 4), PlotPoint(x: 2, y: 0)]
    #expect(peak.clipped(toY: 0...2) == [
        PlotPoint(x: 0, y: 0), PlotPoint(x: 0.5, y: 2), PlotPoint(x: 1, y: 2), PlotPoint(x: 1.5, y: 2), PlotPoint(x: 2, y: 0),
    ])
    // A segment crossing the whole strip gets both crossings, in the direction of travel.
    #expect([PlotPoint(x: 0, y: -2), PlotPoint(x: 4, y: 6)].clipped(toY: 0...4) == [
        PlotPoint(x: 0, y: 0), PlotPoint(x: 1, y: 0), PlotPoint(x: 3, y: 4), PlotPoint(x: 4, y: 4),
    ])
    #expect([PlotPoint(x: 0, y: 1), PlotPoint(x: 1, y: 1.5)].clipped(toY: 0...2) == [PlotPoint(x: 0, y: 1), PlotPoint(x: 1, y: 1.5)])
}
