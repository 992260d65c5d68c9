import Testing
import ReaderFuzzing

@Suite("Fuzzing the readers")
struct ReaderFuzzTests {
    @Test(arguments: FuzzReader.all.map(\.name))
    func shortSeededCampaign(reader name: String) throws {
        let reader = try #require(FuzzReader.named(name))
        var campaign = FuzzCampaign(reader: reader, seed: 20_261_130, maximumInputLength: 1 << 16)
        let report = campaign.run(count: 300)
        #expect(report.badMessages.isEmpty, "\(report.badMessages.prefix(3).map(\.message))")
    }
}
