extension Collection {
    /// The index of the first element whose key equals the key of an earlier element, or nil
    /// when all keys are distinct.
    ///
    /// Small collections — most JSON objects, action lists and successor lists — are compared
    /// pairwise, which is faster than hashing; larger ones use a set, keeping the check linear.
    package func firstRepeatedIndex<Key: Hashable>(by key: (Element) -> Key) -> Index? {
        if count <= 16 {
            var index = startIndex
            while index != endIndex {
                let current = key(self[index])
                if self[..<index].contains(where: { key($0) == current }) { return index }
                formIndex(after: &index)
            }
            return nil
        }
        var seen = Set<Key>(minimumCapacity: count)
        return firstIndex { !seen.insert(key($0)).inserted }
    }
}
