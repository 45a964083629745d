import Foundation
import MatrixKernels
import Testing

/// ComputeThreads.parallelFor on the spinning work team (CRecurrentKernels/WorkTeam.c). Other
/// suites change the thread count while these run, so every expectation here holds at any count.
@Suite struct WorkTeamTests {
    /// Adds 1 to `hits[piece]` for `pieces` pieces, `rounds` times in a row.
    private static func countHits(pieces: Int, rounds: Int) -> [Int] {
        var hits = [Int](repeating: 0, count: pieces)
        hits.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            for _ in 0..<rounds { ComputeThreads.parallelFor(pieces) { p[$0] += 1 } }
        }
        return hits
    }

    @Test(arguments: [2, 3, 64, 1000])
    func everyPieceRunsOncePerJob(pieces: Int) {
        // Jobs back to back: a helper that wakes late must not run a piece of the next job twice
        // or skip one.
        #expect(Self.countHits(pieces: pieces, rounds: 300) == [Int](repeating: 300, count: pieces))
    }

    @Test func moreThanTheClaimWordHoldsRunInline() {
        #expect(Self.countHits(pieces: 70_000, rounds: 1) == [Int](repeating: 1, count: 70_000))
    }

    @Test func nestedCallsRunInsideTheirPiece() {
        var hits = [Int](repeating: 0, count: 4 * 5)
        hits.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            ComputeThreads.parallelFor(4) { outer in
                ComputeThreads.parallelFor(5) { inner in p[outer * 5 + inner] += 1 }
            }
        }
        #expect(hits == [Int](repeating: 1, count: 20))
    }

    @Test func callersOnSeveralThreadsEachGetTheirPieces() {
        let callers = 4, pieces = 16, rounds = 100
        var hits = [Int](repeating: 0, count: callers * pieces)
        hits.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            let box = UnsafeSendablePointer(p)
            DispatchQueue.concurrentPerform(iterations: callers) { caller in
                for _ in 0..<rounds {
                    ComputeThreads.parallelFor(pieces) { box.pointer[caller * pieces + $0] += 1 }
                }
            }
        }
        #expect(hits == [Int](repeating: rounds, count: callers * pieces))
    }

    @Test func callerWaitsForEveryPiece() {
        // Pieces of unequal length: parallelFor returns only after the slowest has finished.
        var order: [Int] = []
        let lock = NSLock()
        ComputeThreads.parallelFor(9) { piece in
            usleep(UInt32(200 * (piece % 3)))
            lock.lock(); order.append(piece); lock.unlock()
        }
        #expect(order.sorted() == Array(0..<9))
    }
}

/// A pointer handed to concurrently running closures that write disjoint elements.
private struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int>
    init(_ pointer: UnsafeMutablePointer<Int>) { self.pointer = pointer }
}
