import FiniteMDP
extension MDP {
    func endComponentCycle() -> [Int]? { nil }
}
