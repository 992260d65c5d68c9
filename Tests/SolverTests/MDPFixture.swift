import FiniteMDP

/// The demanding files of `Tests/Fixtures/certified`, read from this source file's location.
enum MDPFixture {
    static let directory = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/"))
        + "/Fixtures/certified"

    static func cyclicNearOne() throws -> MDP { try MDP(contentsOfFile: "\(directory)/cyclic-gamma-near-1.json") }
}
