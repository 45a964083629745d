import Foundation
import TimeFrames

extension GeneratedSample {
    /// Writes `text` to `path` atomically (a temporary file renamed into place), so a failure
    /// never leaves half a file.
    /// - Throws: ``SampleDataError/cannotWrite(path:reason:)``.
    public func write(toPath path: String) throws {
        try SampleFiles.writeAtomically(text, toPath: path)
    }

    /// Writes the NAB label windows (``labelWindowsJSON(key:)``) to `path`, atomically.
    public func writeLabels(toPath path: String, key: String) throws {
        try SampleFiles.writeAtomically(labelWindowsJSON(key: key), toPath: path)
    }
}

extension GeneratedSample {
    /// Checks, before anything is written, that `path` can take a sample or label file: its folder
    /// exists, and `path` is not a folder, a device, a pipe or a socket (which the atomic rename
    /// would replace).
    /// - Throws: ``SampleDataError/cannotWrite(path:reason:)``.
    public static func checkDestination(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SampleDataError.cannotWrite(path: path, reason: "the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            let type = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)[.type]) as? FileAttributeType
            if isDirectory.boolValue || type != .typeRegular {
                throw SampleDataError.cannotWrite(path: path, reason: isDirectory.boolValue ? "it is a directory"
                    : "it is not a regular file (a device, pipe or socket), which writing the file atomically would replace")
            }
        }
    }
}

enum SampleFiles {
    static func writeAtomically(_ text: String, toPath path: String) throws {
        try GeneratedSample.checkDestination(path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SampleDataError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}

extension SampleOptions {
    /// Reads `--start`: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM` (UTC wall-clock).
    public static func parseStart(_ text: String) -> CivilDateTime? {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").map { Int($0) }
        guard date.count == 3, let y = date[0], let m = date[1], let d = date[2],
              (1...9999).contains(y), CivilDateTime.isValidDate(year: y, month: m, day: d) else { return nil }
        var c = CivilDateTime(year: y, month: m, day: d)
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").map { Int($0) }
            guard time.count == 2 || time.count == 3, let h = time[0], let mi = time[1], (0..<24).contains(h), (0..<60).contains(mi) else { return nil }
            c.hour = h; c.minute = mi
        }
        return c
    }
}
