#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Column storage for every series while a file is read, built for the per-row hot path: plain
/// memory and plain structs, so appending a row costs no reference counting and no copying.
///
/// Each column of each series is a list of blocks that never move (a growing Swift array would
/// briefly hold two copies). Blocks start at 64 rows (a file may hold thousands of short series)
/// and double up to 64 Ki rows. ``drain(_:)`` copies one column at a time into an array and frees
/// that column's blocks straight away, so the peak stays near one copy of the parsed values.
///
/// A struct held in place by its owner (mutating calls on a stored property do no reference
/// counting, where method calls on a class property retained it per row); the owner calls
/// ``release()`` once.
struct SeriesStore {
    /// The state of one series: current blocks (timestamps, then one per value column).
    struct Slot {
        var rows = 0
        var fill = 0
        var capacity = 0
        var lastTimestamp = Int64.min
        var current: UnsafeMutablePointer<UnsafeMutableRawPointer?>
        var missing: UnsafeMutablePointer<Int>
    }

    let valueCount: Int
    private(set) var count = 0
    private var slots: UnsafeMutablePointer<Slot>
    private var slotCapacity = 16
    /// Full blocks of each series: [series][block] → (pointers per column, rows in the block).
    private var fullBlocks: [[([UnsafeMutableRawPointer], Int)]] = []
    /// Id values of each series, in id-column order.
    private(set) var keys: [[String]] = []

    init(valueCount: Int) {
        self.valueCount = valueCount
        slots = .allocate(capacity: slotCapacity)
    }

    /// Frees everything not yet drained. Call once, from the owner's deinit.
    func release() {
        for i in 0..<count { release(i) }
        slots.deallocate()
    }

    /// Adds a series; returns its index.
    mutating func add(key: [String]) -> Int {
        if count == slotCapacity {
            let bigger = UnsafeMutablePointer<Slot>.allocate(capacity: slotCapacity * 2)
            bigger.moveInitialize(from: slots, count: count)
            slots.deallocate()
            slots = bigger; slotCapacity *= 2
        }
        let current = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: valueCount + 1)
        current.initialize(repeating: nil, count: valueCount + 1)
        let missing = UnsafeMutablePointer<Int>.allocate(capacity: max(1, valueCount))
        missing.initialize(repeating: 0, count: max(1, valueCount))
        (slots + count).initialize(to: Slot(current: current, missing: missing))
        fullBlocks.append([]); keys.append(key)
        count += 1
        return count - 1
    }

    @inline(__always)
    func lastTimestamp(_ i: Int) -> Int64 { slots[i].lastTimestamp }

    @inline(__always)
    func rows(_ i: Int) -> Int { slots[i].rows }

    @inline(__always)
    func missing(_ i: Int, column c: Int) -> Int { slots[i].missing[c] }

    /// Appends one row: `values` holds `valueCount` numbers, NaN for missing.
    @inline(__always)
    mutating func append(_ i: Int, time: Int64, values: UnsafePointer<Double>) {
        let s = slots + i
        if s.pointee.fill == s.pointee.capacity { newBlock(i) }
        let f = s.pointee.fill
        let current = s.pointee.current
        current[0].unsafelyUnwrapped.assumingMemoryBound(to: Int64.self)[f] = time
        var c = 0
        while c < valueCount {
            let v = values[c]
            current[c + 1].unsafelyUnwrapped.assumingMemoryBound(to: Double.self)[f] = v
            if v.isNaN { s.pointee.missing[c] += 1 }
            c += 1
        }
        s.pointee.fill = f + 1
        s.pointee.rows += 1
        s.pointee.lastTimestamp = time
    }

    @inline(never)
    private mutating func newBlock(_ i: Int) {
        let s = slots + i
        if s.pointee.capacity > 0 {
            fullBlocks[i].append(((0...valueCount).map { s.pointee.current[$0]! }, s.pointee.capacity))
        }
        let capacity = min(max(64, s.pointee.rows), 1 << 16)
        for c in 0...valueCount { s.pointee.current[c] = .allocate(byteCount: 8 * capacity, alignment: 8) }
        s.pointee.capacity = capacity
        s.pointee.fill = 0
    }

    /// The rows of series `i` as columns, freeing its blocks column by column.
    mutating func drain(_ i: Int) -> (timestamps: [Int64], columns: [[Double]], missing: [Int]) {
        let s = slots + i
        let rows = s.pointee.rows
        let blocks = fullBlocks[i]
        func column<T>(_ c: Int, as: T.Type) -> [T] {
            let result = [T](unsafeUninitializedCapacity: rows) { buffer, initialized in
                var offset = 0
                for (pointers, n) in blocks {
                    (buffer.baseAddress! + offset).initialize(from: pointers[c].assumingMemoryBound(to: T.self), count: n)
                    pointers[c].deallocate()
                    offset += n
                }
                if let current = s.pointee.current[c] {
                    (buffer.baseAddress! + offset).initialize(from: current.assumingMemoryBound(to: T.self), count: s.pointee.fill)
                    offset += s.pointee.fill
                    current.deallocate()
                    s.pointee.current[c] = nil
                }
                initialized = offset
            }
            return result
        }
        let timestamps = column(0, as: Int64.self)
        var columns: [[Double]] = []
        for c in 0..<valueCount { columns.append(column(c + 1, as: Double.self)) }
        let missing = (0..<valueCount).map { s.pointee.missing[$0] }
        fullBlocks[i] = []
        s.pointee.rows = 0; s.pointee.fill = 0; s.pointee.capacity = 0
        return (timestamps, columns, missing)
    }

    private func release(_ i: Int) {
        let s = slots + i
        for (pointers, _) in fullBlocks[i] { for p in pointers { p.deallocate() } }
        for c in 0...valueCount { s.pointee.current[c]?.deallocate() }
        s.pointee.current.deallocate()
        s.pointee.missing.deallocate()
    }
}

/// Maps the bytes of a series key to the series' index without making a String per row: an
/// open-addressing hash table over one byte arena. Keys are the id fields joined by 0x1F.
/// A struct for the same reason as ``SeriesStore``; the owner calls ``release()`` once.
struct SeriesKeyTable {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0, arenaCapacity = 4096
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount = 64
    private var lastIndex = -1
    private(set) var count = 0

    init() {
        arena = .allocate(capacity: arenaCapacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: -1, count: slotCount)
    }

    func release() { arena.deallocate(); slots.deallocate() }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func equals(_ i: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        lengths[i] == n && (n == 0 || memcmp(arena + starts[i], p, n) == 0)
    }

    /// The index of the key `p[0..<n]`, and whether it was just added.
    @inline(__always)
    mutating func index(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Bool) {
        // Long-format files are often grouped by series: check the previous key first.
        if lastIndex >= 0 && equals(lastIndex, p, n) { return (lastIndex, false) }
        let mask = slotCount - 1
        var slot = SeriesKeyTable.hash(p, n) & mask
        while true {
            let s = Int(slots[slot])
            if s < 0 { break }
            if equals(s, p, n) { lastIndex = s; return (s, false) }
            slot = (slot + 1) & mask
        }
        if arenaCount + n > arenaCapacity {
            while arenaCount + n > arenaCapacity { arenaCapacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            bigger.initialize(from: arena, count: arenaCount)
            arena.deallocate(); arena = bigger
        }
        (arena + arenaCount).initialize(from: p, count: n)
        starts.append(arenaCount); lengths.append(n); arenaCount += n
        slots[slot] = Int32(count)
        lastIndex = count
        count += 1
        if count * 2 > slotCount { rehash() }
        return (count - 1, true)
    }

    private mutating func rehash() {
        slots.deallocate()
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: -1, count: slotCount)
        let mask = slotCount - 1
        for i in 0..<count {
            var slot = SeriesKeyTable.hash(arena + starts[i], lengths[i]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}
