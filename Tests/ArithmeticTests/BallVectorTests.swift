import Arithmetic
import PropertyBased
import Testing

private let vectorEntry = zip(Gen.int(in: -1_000...1_000), Gen.int(in: 1...50)).map { Rational($0, $1) }

@Suite("BallVector")
struct BallVectorTests {
    @Test func affineRowEnclosesTheExactRationalSum() async {
        await propertyCheck(count: 100, input: vectorEntry.array(of: 7)) { x in
            // constant x0, coefficients x1…x3 on values x4…x6 taken in the order 2, 0, 1.
            let precision = 64
            let constant = BallVector(count: 1), coefficients = BallVector(count: 3), values = BallVector(count: 3)
            constant.set(0, to: x[0], precision: precision)
            for i in 0..<3 {
                coefficients.set(i, to: x[1 + i], precision: precision)
                values.set(i, to: x[4 + i], precision: precision)
            }
            let positions = [2, 0, 1]
            let result = BallVector(count: 2)
            result.setAffine(
                1, constant: constant, 0, coefficients: coefficients, terms: 0..<3, values: values,
                positions: positions, precision: precision)
            let exact = x[0] + x[1] * x[6] + x[2] * x[4] + x[3] * x[5]
            #expect(result.ball(at: 1, precision: precision).contains(exact))
            #expect(result.isExactlyZero(0))
        }
    }

    @Test func weightedSumSkipsZeroWeightsAndEnclosesTheExactValue() {
        let precision = 64
        let weights = BallVector(count: 3), terms = BallVector(count: 3), offsets = BallVector(count: 3)
        let w = [Rational(1, 3), .zero, Rational(2, 3)], t = [Rational(5), Rational(7), Rational(-1, 7)]
        for i in 0..<3 {
            weights.set(i, to: w[i], precision: precision)
            terms.set(i, to: t[i], precision: precision)
        }
        offsets.set(0, to: Rational(1, 9), precision: precision)
        // Row 1's offset is not finite (log 0): a zero weight must keep it out.
        offsets.set(1, to: Ball(0, precision: precision).log())
        offsets.set(2, to: Rational(3), precision: precision)
        let result = BallVector(count: 1)
        result.setWeightedSum(
            0, weights: weights, terms: terms, offsets: offsets, rows: 0..<3, scratch: BallVector(count: 1),
            precision: precision)
        let exact = Rational(1, 3) * (Rational(5) + Rational(1, 9)) + Rational(2, 3) * (Rational(-1, 7) + Rational(3))
        let ball = result.ball(at: 0, precision: precision)
        #expect(ball.isFinite)
        #expect(ball.contains(exact))
    }

    @Test func softMaximumAndSoftmaxWeightsMatchTheDirectFormula() {
        let precision = 128
        let alpha = Ball(Rational(3, 10), precision: precision)
        let x = [Rational(1, 3), Rational(-2), Rational(5, 7)], mu = [Rational(1, 5), Rational(9, 5), Rational(2)]
        let terms = BallVector(count: 3), logWeights = BallVector(count: 3)
        for i in 0..<3 {
            terms.set(i, to: x[i], precision: precision)
            logWeights.set(i, to: Ball(mu[i], precision: precision).log())
        }
        let result = BallVector(count: 1)
        result.setSoftMaximum(
            0, terms: terms, logWeights: logWeights, rows: 0..<3, temperature: alpha,
            inverseTemperature: alpha.reciprocal(), scratch: BallVector(count: 3), precision: precision)
        // Independent oracle: α log Σ μ_i e^{x_i/α} without the shift, at twice the precision.
        let wide = 2 * precision
        let exponentials = (0..<3).map { (Ball(x[$0], precision: wide) / Ball(Rational(3, 10), precision: wide)).exp() }
        let partition = (0..<3).map { exponentials[$0] * Ball(mu[$0], precision: wide) }.reduce(Ball(0, precision: wide), +)
        let direct = Ball(Rational(3, 10), precision: wide) * partition.log()
        let soft = result.ball(at: 0, precision: precision)
        #expect(soft.overlaps(direct))
        #expect(soft.width! < (try! Rational(parsing: "1e-30")))
        var total = Ball(0, precision: precision)
        for row in 0..<3 {
            let weight = terms.softmaxWeight(
                of: row, among: 0..<3, logWeights: logWeights, inverseTemperature: alpha.reciprocal(), precision: precision)
            #expect(weight.overlaps(exponentials[row] * Ball(mu[row], precision: wide) / partition))
            total = total + weight
        }
        #expect(total.contains(Rational.one))
    }

    @Test func weightedDifferenceBoundsTheExactWeightedMaximum() async {
        await propertyCheck(count: 100, input: vectorEntry.array(of: 6)) { x in
            let precision = 64
            let a = BallVector(count: 4), b = BallVector(count: 4)
            for i in 0..<3 {
                a.set(i, to: x[i], precision: precision)
                b.set(i, to: x[3 + i], precision: precision)
            }
            let weights = [0.5, 3, 1, 0]  // entry 3 has weight 0 and agrees (both exact zeros)
            guard let (bound, midpoints, exponent) = a.weightedDifference(from: b, weights: weights, precision: precision)
            else {
                Issue.record("finite inputs gave no bound")
                return
            }
            var largest = Rational.zero
            for i in 0..<3 {
                let exact = (x[i] - x[3 + i]) / Rational(exactly: weights[i])
                largest = max(largest, exact.magnitude)
                // The scaled midpoints are the differences times 2^−exponent, to float accuracy.
                let scaled = Rational(exactly: midpoints[i]) * Rational(exactly: Double(sign: .plus, exponent: exponent, significand: 1))
                #expect((scaled - (x[i] - x[3 + i])).magnitude <= (x[i] - x[3 + i]).magnitude / Rational(1 << 40) + Rational(1, 1 << 40))
            }
            #expect(bound >= largest)
            #expect(bound <= largest * Rational(1025, 1024) + Rational(1, 1 << 40))
            #expect(midpoints[3] == 0)
        }
    }

    @Test func weightedDifferenceRefusesAZeroWeightEntryThatDiffers() {
        let a = BallVector(count: 2), b = BallVector(count: 2)
        a.set(1, to: Rational(1, 1000), precision: 64)
        #expect(a.weightedDifference(from: b, weights: [1, 0], precision: 64) == nil)
        #expect(a.weightedDifference(from: b, weights: [1, 1], precision: 64)?.bound ?? .zero >= Rational(1, 1000))
    }

    @Test func contractionStyleAccumulationGivesAnExactUpperBoundBelowTheLimit() {
        let precision = 80
        let sums = BallVector(count: 2)
        // 0.9 · (1/3 · 2 + 2/3 · 0.5) / 1.25 = 0.72, then the maximum with 0.
        sums.addProduct(0, Rational(1, 3), 2, precision: precision)
        sums.addProduct(0, Rational(2, 3), 0.5, precision: precision)
        sums.multiply(0, by: Ball(Rational(9, 10), precision: precision), precision: precision)
        sums.divide(0, by: 1.25, precision: precision)
        sums.formMaximum(1, with: sums, 0, precision: precision)
        let exact = Rational(72, 100)
        let upper = try! #require(sums.upperBound(1, precision: precision, below: 1))
        #expect(upper >= exact)
        #expect(upper - exact < Rational(1, 1 << 60))
        #expect(sums.upperBound(1, precision: precision, below: 0) == nil)
    }

    @Test func newtonMoveKeepsAnExactPoint() {
        let values = BallVector(count: 1)
        values.set(0, to: Rational(1, 3), precision: 100)
        values.moveMidpoint(0, by: 0.75, timesTwoToThe: -3, precision: 100)
        let ball = values.ball(at: 0, precision: 100)
        #expect(ball.radius == .zero)
        #expect(ball.contains(ball.midpoint!))
        #expect((ball.midpoint! - (Rational(1, 3) + Rational(3, 32))).magnitude < Rational(exactly: 0x1p-98))
    }
}

@Suite("IntegerMatrix")
struct IntegerMatrixTests {
    @Test func dixonSolutionSatisfiesTheSystemExactly() async {
        let entry = Gen.int(in: -20...20)
        await propertyCheck(count: 60, input: entry.array(of: 9), entry.array(of: 3)) { a, b in
            let matrix = IntegerMatrix(rows: 3, columns: 3), rightHandSide = IntegerMatrix(rows: 3, columns: 1)
            for i in 0..<3 {
                // Diagonal dominance keeps the system regular.
                for j in 0..<3 { matrix.add(Rational(a[3 * i + j] + (i == j ? 100 : 0)), row: i, column: j) }
                rightHandSide.add(Rational(b[i]), row: i, column: 0)
            }
            let (numerators, denominator) = try #require(matrix.solveDixon(rightHandSide))
            #expect(denominator > .zero)
            for i in 0..<3 {
                let lhs = (0..<3).map { matrix[i, $0] * numerators[$0, 0] / denominator }.reduce(Rational.zero, +)
                #expect(lhs == Rational(b[i]))
            }
        }
    }

    @Test func singularSystemHasNoSolutionAndEntriesAccumulate() {
        let matrix = IntegerMatrix(rows: 2, columns: 2), rightHandSide = IntegerMatrix(rows: 2, columns: 1)
        matrix.add(Rational(2), row: 0, column: 0)
        matrix.add(Rational(1), row: 0, column: 0)
        matrix.add(Rational(6), row: 1, column: 0)
        #expect(matrix[0, 0] == Rational(3))
        #expect(matrix.solveDixon(rightHandSide) == nil)
        #expect(IntegerMatrix(rows: 0, columns: 0).solveDixon(IntegerMatrix(rows: 0, columns: 1))?.denominator == .one)
    }
}

@Test func leastCommonMultipleAndCompareAreExact() async {
    await propertyCheck(count: 200, input: Gen.int(in: 1...10_000), Gen.int(in: 1...10_000)) { a, b in
        let lcm = Rational.leastCommonMultiple(Rational(a), Rational(b))
        #expect((lcm / Rational(a)).isInteger && (lcm / Rational(b)).isInteger)
        // lcm · gcd = a · b, with Euclid's gcd as the oracle.
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        #expect(lcm * Rational(x) == Rational(a) * Rational(b))
        #expect(Rational(a, 7).compare(Rational(b, 7)) == (a < b ? -1 : a == b ? 0 : 1))
    }
}
