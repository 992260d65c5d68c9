import MaxEntCLI

CommandLineRunner.exit(running: MaxEntCommand.self)
