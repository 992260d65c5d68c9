import ArgumentParser

// Development stub: replaced by the real command.
struct Export: ParsableCommand {}
