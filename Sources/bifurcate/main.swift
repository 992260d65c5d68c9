import MaxEntCLI

CommandLineRunner.exit(running: BifurcateCommand.self)
