import ArgumentParser
import Foundation
import Twins

/// A user-caused problem (bad file, bad flag value, mathematically impossible request):
/// reported as one line on standard error, exit code 2.
public struct InputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A failure that is not the user's fault (a computation that could not be certified, an
/// output that could not be written): one line on standard error, exit code 1.
public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a command line with the project's exit-code contract: 0 success, 1 failure,
/// 2 usage or input error — always with a one-line message, never a crash or a stack trace.
public enum CommandLineRunner {
    /// Parses and runs `arguments` (without the program name) and returns the exit code.
    public static func run<Command: ParsableCommand>(_ type: Command.Type, arguments: [String]) -> Int32 {
        // Every command that names environments also accepts the deep twins of MDP files.
        TwinEnvironments.install()
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as InputError {
            printError(error.description)
            return 2
        } catch let error as Failure {
            printError(error.description)
            return 1
        } catch {
            let code = type.exitCode(for: error)
            if code == .success {
                print(type.fullMessage(for: error))
                return 0
            }
            if let exit = error as? ExitCode { return exit.rawValue }
            printError(type.message(for: error))
            return code == .validationFailure ? 2 : 1
        }
    }

    /// Runs the process's own arguments and exits with the resulting code.
    public static func exit<Command: ParsableCommand>(running type: Command.Type) -> Never {
        let code = run(type, arguments: Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code)
    }

    static func printError(_ message: String) {
        let line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    }
}
