import ArgumentParser

// Development stub: replaced by the real command.
struct CriticalAlpha: ParsableCommand {}
