extension MDP {
    /// The exact tabular twin of the paper's toy task (docs/theory.md §5, docs/mdp-format.md), the same
    /// document as `examples/toy.json`; built in so that commands have a default that works
    /// from any directory.
    public static let paperToyJSON = """
        {
          "format": "maxent-mdp/1",
          "gamma": "99/100",
          "initial": "s0",
          "states": [
            { "name": "s0", "actions": [
                { "name": "left",  "reward": 0, "next": { "s1": 1 } },
                { "name": "right", "reward": 0, "next": { "s2": 1 } } ] },
            { "name": "s1", "actions": [
                { "name": "precise",   "measure": "1/5", "reward": 1,   "next": { "win": 1 } },
                { "name": "imprecise", "measure": "9/5", "reward": -20, "next": { "lose": 1 } } ] },
            { "name": "s2", "actions": [
                { "name": "any", "measure": 2, "reward": -1, "next": { "safe": 1 } } ] },
            { "name": "win" }, { "name": "lose" }, { "name": "safe" }
          ]
        }
        """

    /// The paper's toy task as an MDP (see `paperToyJSON`).
    public static var paperToy: MDP {
        // The text above is a fixed, valid document; failing to read it is a programming error.
        try! MDP(json: paperToyJSON)
    }
}
