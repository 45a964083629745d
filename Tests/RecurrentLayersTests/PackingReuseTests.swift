import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// The fused kernels keep packed copies of W_ih/W_hh between passes and reuse them while the
/// store's `version` is unchanged. Every way of changing the values through the public API must
/// be seen by the next pass: each mutation below is followed by a pass on the workspace that
/// holds the old packing, compared bit for bit with a pass on a fresh workspace (which must pack).
@Suite("Packing reuse and parameter versions")
struct PackingReuseTests {
    /// The mutations, each changing one weight of W_hh and one of W_ih (layer 0) by `delta`.
    static let mutations: [(name: String, apply: (ParameterStore<Float>, Float, inout UnsafeMutablePointer<Float>?) throws -> Void)] = [
        ("values pointer", { s, d, _ in
            let whh = try #require(s.layout.entry(named: "weight_hh_l0")), wih = try #require(s.layout.entry(named: "weight_ih_l0"))
            s.values[whh.offset + 7] += d
            s.values[wih.offset + 1] -= d
        }),
        ("valueView", { s, d, _ in
            let view = try s.valueView("weight_hh_l0")
            view[3] += d
            try s.valueView("weight_ih_l0")[0] += d
        }),
        ("setValues", { s, d, _ in
            var w = try s.valuesArray("weight_hh_l0")
            w[11] -= d
            try s.setValues("weight_hh_l0", w)
        }),
        ("pointer kept across passes, then markValuesChanged", { s, d, kept in
            let whh = try #require(s.layout.entry(named: "weight_hh_l0"))
            let p = try #require(kept)
            p[whh.offset + 2] += d
            s.markValuesChanged()
        }),
    ]

    static func bits(_ ws: RecurrentWorkspace<Float>) -> [UInt32] {
        (ws.outputArray() + ws.finalHiddenArray() + ws.finalCellArray()).map(\.bitPattern)
    }

    @Test(.enabled(if: AVX512Kernels.available), arguments: [ForwardMode.prediction, .inference], [1, 5])
    func everyMutationIsSeenByTheNextPass(mode: ForwardMode, batch: Int) throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 3, hiddenSize: 20, layers: 2)
        let h = try StackHarness<Float>(config, batch: batch, steps: 5, seed: 12, weightScale: 0.4)
        h.mode = mode
        // A pointer obtained before the first pass, written through after later passes.
        var kept: UnsafeMutablePointer<Float>? = h.store.values
        try h.forward()
        var previous = Self.bits(h.workspace)
        for (index, mutation) in Self.mutations.enumerated() {
            try mutation.apply(h.store, 0.25 + Float(index) * 0.125, &kept)
            try h.forward()
            let reused = Self.bits(h.workspace)
            let fresh = try RecurrentWorkspace<Float>(stack: h.stack, batch: batch, steps: 5)
            try h.stack.forward(parameters: h.store, input: h.input, batch: batch, steps: 5, initialHidden: h.initialHidden,
                                initialCell: h.initialCell, mode: mode, workspace: fresh)
            // The same kernels on the same values give the same bits; a stale packing differs by
            // O(0.1) in some element (a 0.25 change of one weight).
            let current = reused == Self.bits(fresh), changed = reused != previous  // (no dump of the arrays)
            #expect(current, "\(mutation.name): the pass after the change used stale weights")
            #expect(changed, "\(mutation.name): the change did not reach the output")
            previous = reused
        }
    }

    /// Reads do not take a new version (so inference calls in a row reuse the packing); every
    /// mutable access does, and versions are never shared between stores.
    @Test func versionsChangeOnMutableAccessOnly() throws {
        var layout = ParameterLayout()
        _ = try RecurrentStack(RecurrentStackConfiguration(cell: .gru, inputSize: 2, hiddenSize: 4), registeringIn: &layout)
        let a = ParameterStore<Float>(layout: layout), b = ParameterStore<Float>(layout: layout)
        #expect(a.version != b.version)
        let v0 = a.version
        _ = a.readOnlyValues[0]
        _ = try a.valuesArray("weight_hh_l0")
        #expect(a.version == v0)
        var seen: Set<UInt64> = [v0, b.version]
        let accesses: [() throws -> Void] = [
            { _ = a.values }, { _ = try a.valueView("bias_ih_l0") }, { try a.setValues("bias_hh_l0", [Float](repeating: 1, count: 12)) },
            { a.markValuesChanged() },
        ]
        for access in accesses {
            try access()
            #expect(seen.insert(a.version).inserted, "a mutable access must take a new, unused version")
        }
    }
}
