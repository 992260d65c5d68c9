@testable import Analysis
import Arithmetic
import Bifurcation
import FiniteMDP
import Foundation
@testable import Plotting
@testable import Reports
import Solvers
import Testing

let thirtyDigits = Rational(1) / Rational(10).power(30)

/// π_α(left | s0) of the toy in closed form (docs/theory.md §5), in floating point.
func toyLeftProbability(alpha: Double) -> Double {
    let gamma = 0.99
    let v1 = alpha * log(0.2 * exp(1 / alpha) + 1.8 * exp(-20 / alpha))
    let v2 = -1 + alpha * log(2)
    return 1 / (1 + exp(gamma * (v2 - v1) / alpha))
}

@Test func temperatureSweepOfTheToyMatchesTheClosedFormAndTheCriticalBracket() throws {
    let sweep = try TemperatureSweep.compute(
        .paperToy, state: 0, range: Rational(1, 100)...Rational(100), perDecade: 4, extraAlphas: [Rational(1, 5), Rational(1000)],
        tolerance: thirtyDigits)
    #expect(sweep.probabilityLabel == "π_α(left | s0)")
    let alphas = sweep.points.map(\.alpha)
    #expect(alphas == alphas.sorted())
    #expect(alphas.first == Rational(1, 100) && alphas.last == Rational(100))
    #expect(alphas.contains(Rational(1, 5)) && !alphas.contains(Rational(1000)))
    #expect(alphas.contains(Rational(1)) && alphas.contains(Rational(10)))
    for point in sweep.points {
        #expect(point.probability.isNarrower(than: thirtyDigits))
        #expect(abs(point.probability.midpointDouble - toyLeftProbability(alpha: point.alpha.doubleValue)) < 1e-12)
    }
    // `maxent solve examples/toy.json --alpha 1/5` (README) prints these certified digits.
    let atFifth = try #require(sweep.points.first { $0.alpha == Rational(1, 5) })
    #expect(atFifth.probability.certifiedDigits(32).hasPrefix("0.999509914632886094963944190535"))
    #expect(sweep.crossings.count == 1)
    let crossing = try #require(sweep.crossings.first)
    #expect(crossing.isFalling)
    #expect(crossing.upper - crossing.lower <= thirtyDigits)
    #expect(crossing.lower < Rational(86859, 100_000) && crossing.upper > Rational(86858, 100_000))
    #expect(toyLeftProbability(alpha: crossing.lower.doubleValue * (1 - 1e-9)) > 0.5)
    #expect(toyLeftProbability(alpha: crossing.upper.doubleValue * (1 + 1e-9)) < 0.5)
}

@Test func nearestDoublesRoundCorrectly() {
    #expect(Rational(1, 10).nearestDouble == 0.1)
    #expect(Rational(-9, 5).nearestDouble == -1.8)
    #expect(Rational(7).nearestDouble == 7)
}

@Test func logGridHitsWholeDecadesExactly() {
    let grid = LogGrid.decades(Rational(1, 100)...Rational(100), perDecade: 8)
    #expect(grid.count == 33)
    for decade in [Rational(1, 100), Rational(1, 10), Rational(1), Rational(10), Rational(100)] { #expect(grid.contains(decade)) }
    #expect(grid.contains(Rational(1778, 1000)))
}

@Test func certifiedPrefixesKeepOnlySharedDigits() {
    let tiny = Rational(1) / Rational(10).power(20)
    #expect(CertifiedText.commonPrefix(Rational(1, 3) - tiny, Rational(1, 3) + tiny, digits: 12) == "0.333333333333…")
    #expect(CertifiedText.commonPrefix(Rational(86858, 100_000), Rational(86859, 100_000), digits: 8) == "0.8685…")
    #expect(CertifiedText.commonPrefix(-Rational(2101, 1000), -Rational(21001, 10000), digits: 4) == "-2.10…")
    // [−2.1, −2.099] holds numbers with first decimal 0 and with 1: no decimal is certain.
    #expect(CertifiedText.commonPrefix(-Rational(21, 10), -Rational(2099, 1000), digits: 4) == "[-2.100000, -2.099000]")
    #expect(CertifiedText.commonPrefix(Rational(1, 2), Rational(3, 2), digits: 4) == "[0.500000, 1.500000]")
    #expect(CertifiedText.truncated(Rational(2, 3), digits: 3) == "0.666")
    #expect(CertifiedText.truncated(Rational(-1, 40), digits: 3) == "-0.025")
    #expect(CertifiedText.exactOrRounded(Rational(99, 100)) == "99/100")
    #expect(CertifiedText.exactOrRounded(Rational(1, 3) + tiny, digits: 4) == "≈ 0.3333")
    #expect(CertifiedText.exactOrRounded(Rational(10).power(40) + 1, digits: 4) == "≈ 1e40")
    #expect(CertifiedText.short(thirtyDigits) == "1e-30")
    #expect(CertifiedText.short(Rational(1, 5)) == "1/5")
    #expect(CertifiedText.short(Rational(51_782, 1) / Rational(10).power(40)) == "5.18e-36")
    #expect(CertifiedText.short(Rational(51_782, 1) / Rational(10).power(40), roundingUp: true) == "5.18e-36")
    #expect(CertifiedText.short(Rational(51_781, 1) / Rational(10).power(40), roundingUp: true) == "5.18e-36")
    #expect(CertifiedText.short(Rational(51_701, 1) / Rational(10).power(40), roundingUp: true) == "5.18e-36")
    #expect(CertifiedText.short(Rational(51_700, 1) / Rational(10).power(40), roundingUp: true) == "5.17e-36")
    #expect(CertifiedText.short(-Rational(99_999, 1) / Rational(10).power(40), roundingUp: true) == "-1e-35")
    #expect(CertifiedText.short(Rational(123_456_789_012_345)) == "1.23e14")
}

@Test func toyLayoutGivesEachActionItsMeasure() throws {
    let layout = ContinuousActionLayout.paperToy
    #expect(layout.mismatches(with: .paperToy).isEmpty)
    #expect(layout.action(at: 0, state: "s0") == "left")
    #expect(layout.action(at: 1e-12, state: "s0") == "right")
    #expect(layout.action(at: -1, state: "s0") == "left")
    #expect(layout.action(at: 0.0999, state: "s1") == "precise")
    #expect(layout.action(at: 0.1, state: "s1") == "imprecise")
    #expect(layout.action(at: -0.1, state: "s1") == "imprecise")
    #expect(layout.action(at: 0.1.nextDown, state: "s1") == "precise")
    #expect(layout.action(at: 0.7, state: "s2") == "any")
    #expect(layout.action(at: 1.5, state: "s2") == nil)
    var changed = MDP.paperToy
    changed.states[1].actions[0].measure = Rational(1, 4)
    #expect(layout.mismatches(with: changed) == ["s1/precise: continuous actions of total length 1/5, but measure 1/4"])
}

@Test func exactLandscapesOfTheToyArePiecewiseConstantQValues() throws {
    let mdp = MDP.paperToy
    let standard = try StandardSolver.solve(mdp)
    let alphas = [Rational(1, 5), Rational(1)]
    let soft = try alphas.map { try SoftSolver.solve(mdp, alpha: $0, tolerance: thirtyDigits) }
    let s0 = try ExactActionLandscape(mdp: mdp, layout: .paperToy, state: "s0", standard: standard, soft: soft)
    #expect(s0.pieces.map(\.piece.action) == ["left", "right"])
    #expect(s0.pieces.map(\.plainQ) == [Rational(99, 100), Rational(-99, 100)])
    #expect(s0.plainSteps == [
        StepSegment(lower: -1, upper: 0, value: 0.99, includesLower: true, includesUpper: true),
        StepSegment(lower: 0, upper: 1, value: -0.99, includesLower: false, includesUpper: true),
    ])
    for (index, alpha) in alphas.enumerated() {
        let a = alpha.doubleValue
        // Q_α(s0, left) = γ V_α(s1) and Q_α(s0, right) = γ V_α(s2), with V_α(s1), V_α(s2) from docs/theory.md §5.
        let left = 0.99 * a * log(0.2 * exp(1 / a) + 1.8 * exp(-20 / a)), right = 0.99 * (-1 + a * log(2))
        #expect(abs(s0.pieces[0].softQ[index].midpointDouble - left) < 1e-12)
        #expect(abs(s0.pieces[1].softQ[index].midpointDouble - right) < 1e-12)
        #expect(s0.softSteps(index).map(\.value) == s0.pieces.map { $0.softQ[index].midpointDouble })
    }
    let s1 = try ExactActionLandscape(mdp: mdp, layout: .paperToy, state: "s1", standard: standard, soft: soft)
    #expect(s1.pieces.map(\.piece.action) == ["imprecise", "precise", "imprecise"])
    #expect(s1.plainSteps.map(\.value) == [-20, 1, -20])
    #expect(s1.plainSteps.map(\.lower) == [-1, -0.1, 0.1])
    // Both successors of s1 are terminal, so the soft Q equals the reward exactly.
    #expect(s1.pieces.allSatisfy { piece in piece.softQ.allSatisfy { $0.contains(piece.plainQ) } })
    #expect(throws: ReportError.self) {
        try ExactActionLandscape(mdp: mdp, layout: .paperToy, state: "win", standard: standard, soft: soft)
    }
}

@Test func sweepFigureShowsTheCurveTheBracketAndItsDigits() throws {
    let sweep = try TemperatureSweep.compute(.paperToy, state: 0, range: Rational(1, 10)...Rational(10), perDecade: 4, tolerance: thirtyDigits)
    let figure = sweep.figure(learned: [
        LearnedProbability(label: "SAC", alpha: 1, probability: 0.3), LearnedProbability(label: "SAC", alpha: 1, probability: 0.4),
    ])
    let root = try #require(MarkupTree.parse(figure.svg))
    #expect(root.all("g", class: "layer-line").map { $0.attributes["data-name"] } == ["exact π_α(left | s0) (certified)"])
    #expect(root.all("g", class: "layer-span").count == 1)
    #expect(root.all("g", class: "layer-scatter").first?.all("circle").count == 2)
    #expect(root.all("text", class: "annotation").map(\.allText) == ["α* = 0.86858896…"])
    #expect(root.all("g", class: "legend-entry").map { $0.attributes["data-name"] }
        == ["exact π_α(left | s0) (certified)", "certified α* bracket", "SAC (learned)"])
    #expect(root.all("text", class: "x-axis-label").first?.allText == "temperature α (log scale)")
    #expect(figure.caption.contains("α* = 0.8685889639138633…"))
}

@Test func landscapeFigureHasOneStepCurvePerObjective() throws {
    let mdp = MDP.paperToy
    let soft = try [Rational(1, 5), Rational(1)].map { try SoftSolver.solve(mdp, alpha: $0, tolerance: thirtyDigits) }
    let landscape = try ExactActionLandscape(mdp: mdp, layout: .paperToy, state: "s1", standard: try StandardSolver.solve(mdp), soft: soft)
    let root = try #require(MarkupTree.parse(landscape.figure().svg))
    #expect(root.all("g", class: "layer-steps").map { $0.attributes["data-name"] } == [
        "exact Q*", "exact Q_α, α = 1/5", "exact Q_α, α = 1",
    ])
    #expect(root.all("g", class: "layer-steps").allSatisfy { $0.all("line", class: "series").count == 3 })
    #expect(root.all("text", class: "x-axis-label").first?.allText == "action a")
}

@Test func bifurcationFiguresDrawTheExtensionAndBothPolicies() throws {
    let construction = try EntropicBifurcation.construct(BifurcationRequest(
        mdp: .paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: thirtyDigits))
    let diagram = try #require(MarkupTree.parse(BifurcationFigures.diagram(construction).svg))
    let names = diagram.all("g", class: "node").compactMap { $0.attributes["data-name"] }
    // s, and per action: m_a, its one successor, t_a.
    #expect(names.count == 7)
    #expect(diagram.all("g", class: "edge").count == 6)
    let labels = diagram.all("text", class: "node-label").map(\.allText)
    #expect(labels.contains("m[s0,left]") && labels.contains("t[s0,right]") && labels.contains("s1") && labels.contains("s2"))
    #expect(labels.contains("V* = 99/100"))
    let edgeText = diagram.all("text", class: "edge-label").map(\.allText)
    // Under the exact admissibility rule the toy needs n₂ = 1 for both actions (docs/theory.md §4).
    #expect(construction.parameters.bailMeasures == [1, 1])
    #expect(edgeText.contains("bail: n₂ = 1,"))
    #expect(edgeText.contains("left: μ = 1, r = 0"))
    #expect(edgeText.contains("r_T = \(CertifiedText.truncated(construction.parameters.bailRewards[1], digits: 9))…"))

    let bars = try #require(MarkupTree.parse(BifurcationFigures.policyBars(construction).svg))
    #expect(bars.all("g", class: "layer-bars").count == 3)
    #expect(bars.all("rect", class: "bar").count == 6)
    let barLabels = bars.all("text", class: "bar-label").map(\.allText)
    #expect(barLabels == ["0.9995", "0.0004901", "1/5", "4/5", "0.2000", "0.8000"])
}
