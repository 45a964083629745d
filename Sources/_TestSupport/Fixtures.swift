import Foundation

/// Paths to the repository's fixtures and to the shared real data sets. Not API.
public enum FixturePaths {
    /// The repository root, found from this source file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/<relative>` in the repository.
    public static func fixture(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// `../shared/data/<relative>` beside the repository, or nil when that folder is absent
    /// (a user's fresh clone): tests that need it are skipped, not failed.
    public static func sharedData(_ relative: String) -> URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
            .appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
