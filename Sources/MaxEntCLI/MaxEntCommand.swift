import ArgumentParser

/// `maxent`: the workbench's command line. The root only lists subcommands.
public struct MaxEntCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "maxent",
        abstract: "Exact and certified tools for finite MDPs under the standard and the maximum-entropy objective.",
        subcommands: [
            Solve.self, CriticalAlpha.self, BifurcateSubcommand.self, VerifyCertificate.self, Generate.self, Export.self,
            Env.self, Twin.self, Train.self, Evaluate.self, Report.self, Study.self, Sweep.self,
        ]
    )

    public init() {}
}
