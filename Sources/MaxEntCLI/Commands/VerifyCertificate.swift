import ArgumentParser
import JSON
import Bifurcation
import FiniteMDP
import Foundation

/// `maxent verify-certificate`: re-check a bifurcation certificate from scratch.
struct VerifyCertificate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-certificate",
        abstract: "Re-derive both claims of a bifurcation certificate from the two MDPs it contains.")

    @Argument(help: "A certificate written by `bifurcate --certificate`.")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.contents(atPath: file)
        } catch {
            throw InputError("\(file): \(error)")
        }
        let report: BifurcationCertificate.CheckReport
        do {
            report = try BifurcationCertificate.check(try BifurcationCertificate.Claims(json: bytes))
        } catch {
            switch error {
            case .refused(let reason): throw InputError("\(file): \(reason)")
            case .failed(let reason): throw Failure("\(file): certificate REJECTED: \(reason)")
            case .rejected: throw Failure("\(file): certificate REJECTED: \(error)")
            }
        }
        print("\(file): certificate verified from scratch")
        print("  (i)  standard optimal policy unchanged — V̂* = V* on all original states and identical optimal action sets, exactly")
        print("  (ii) π̂_α(·|\(report.state)) within ε = \(upperBoundText(report.tolerance)) of the target (max deviation ≤ \(upperBoundText(report.verification.deviationBound, significantDigits: 2)))")
        let added = report.verification.addedStateOptimalActions.map { "\($0.state): \($0.actions.joined(separator: ", "))" }
        if !added.isEmpty {
            print("  standard-optimal actions at the added states (exact): \(added.joined(separator: "; "))")
        }
    }
}
