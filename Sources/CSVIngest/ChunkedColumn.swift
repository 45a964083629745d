/// An append-only column stored in blocks that never move, so growing it never copies what is
/// already there (a Swift array doubling would briefly hold both copies). Blocks start small
/// (a series may have 10 rows) and double up to 64 Ki elements.
final class ChunkedColumn<Element> {
    private var blocks: [UnsafeMutablePointer<Element>] = []
    private var blockCapacities: [Int] = []
    private var current: UnsafeMutablePointer<Element>?
    private var currentCapacity = 0
    private var currentFill = 0
    private(set) var count = 0

    init() {}

    deinit { freeBlocks() }

    @inline(__always)
    func append(_ value: Element) {
        if currentFill == currentCapacity { grow() }
        (current.unsafelyUnwrapped + currentFill).initialize(to: value)
        currentFill += 1
        count += 1
    }

    private func grow() {
        let size = min(max(64, count), 1 << 16)
        let block = UnsafeMutablePointer<Element>.allocate(capacity: size)
        blocks.append(block); blockCapacities.append(size)
        current = block; currentCapacity = size; currentFill = 0
    }

    /// Copies the elements into one array and frees the blocks (the column is empty afterwards).
    func drainToArray() -> [Element] {
        let n = count
        let result = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            var offset = 0
            for (k, block) in blocks.enumerated() {
                let used = k == blocks.count - 1 ? currentFill : blockCapacities[k]
                (buffer.baseAddress! + offset).moveInitialize(from: block, count: used)
                offset += used
                block.deallocate()
            }
            initialized = offset
        }
        blocks = []; blockCapacities = []; current = nil; currentCapacity = 0; currentFill = 0; count = 0
        return result
    }

    private func freeBlocks() {
        for (k, block) in blocks.enumerated() {
            let used = k == blocks.count - 1 ? currentFill : blockCapacities[k]
            block.deinitialize(count: used)
            block.deallocate()
        }
        blocks = []
    }
}

/// The rows of one series while the file is being read.
final class SeriesAccumulator {
    /// Id column values for this series (empty for a single-series file).
    let key: [String]
    let timestamps = ChunkedColumn<Int64>()
    let columns: [ChunkedColumn<Double>]
    /// Missing values per value column, as read.
    var missing: [Int]
    var lastTimestamp = Int64.min

    init(key: [String], valueColumns: Int) {
        self.key = key
        columns = (0..<valueColumns).map { _ in ChunkedColumn<Double>() }
        missing = Array(repeating: 0, count: valueColumns)
    }
}

/// Maps the bytes of a series key to the series' index without making a String per row: an
/// open-addressing hash table over one byte arena. Keys are the id fields joined by 0x1F.
final class SeriesKeyTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var lastIndex: Int32 = -1

    var count: Int { starts.count }

    /// The index of `key`, and whether it was just added.
    @inline(__always)
    func index(of key: UnsafeRawBufferPointer) -> (Int, Bool) {
        // Long-format files are often grouped by series: check the previous key first.
        if lastIndex >= 0 && equals(Int(lastIndex), key) { return (Int(lastIndex), false) }
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s < 0 { break }
            if equals(Int(s), key) { lastIndex = s; return (Int(s), false) }
            slot = (slot + 1) & mask
        }
        let index = starts.count
        starts.append(arena.count); lengths.append(key.count); arena.append(contentsOf: key)
        slots[slot] = Int32(index)
        lastIndex = Int32(index)
        if starts.count * 2 > slots.count { rehash() }
        return (index, true)
    }

    @inline(__always)
    private func equals(_ i: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let n = lengths[i]
        guard n == key.count else { return false }
        let s = starts[i]
        return arena.withUnsafeBufferPointer { a in
            n == 0 || memcmp(a.baseAddress! + s, key.baseAddress!, n) == 0
        }
    }

    private func rehash() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for i in 0..<starts.count {
            var h: UInt64 = 0xcbf29ce484222325
            for k in 0..<lengths[i] { h = (h ^ UInt64(arena[starts[i] + k])) &* 0x100000001b3 }
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
