import Testing
@testable import ModelFiles

/// NIST FIPS 180-2 / CAVS example vectors.
@Suite struct SHA256Tests {
    @Test func emptyMessage() {
        #expect(SHA256.hex(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage() {
        let m = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8) // 448 bits
        #expect(SHA256.hex(SHA256.hash(m)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func eightHundredNinetySixBitMessage() {
        let m = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        #expect(SHA256.hex(SHA256.hash(m)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionAsInUnevenChunks() {
        // Chunks of 1...97 bytes exercise every position of the 64-byte block boundary.
        var h = SHA256()
        var remaining = 1_000_000
        var size = 1
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 97)
        while remaining > 0 {
            let n = min(size, remaining)
            h.update(chunk[0..<n])
            remaining -= n
            size = size % 97 + 1
        }
        #expect(SHA256.hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // Lengths 55, 56, 64 straddle the one-or-two padding blocks decision; digests from
        // `head -c N /dev/zero | tr '\0' a | sha256sum`.
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (n, digest) in expected {
            #expect(SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: n))) == digest, "length \(n)")
        }
    }
}
