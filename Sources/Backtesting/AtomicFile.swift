import Foundation

/// Writes whole files atomically: a temporary file in the same folder, flushed, then renamed
/// over the destination, so a reader never sees half a report.
public enum AtomicFile {
    /// - Throws: ``ReportWriteError`` naming the path and the system's reason.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportWriteError(path: path, reason: "the folder \(folder.path) does not exist")
        }
        // Renaming over a device such as /dev/full, a pipe or a socket would replace it.
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            let type = (try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)[.type]) as? FileAttributeType
            if isDirectory.boolValue || type != .typeRegular {
                throw ReportWriteError(path: path, reason: isDirectory.boolValue ? "it is a directory"
                    : "it is not a regular file (a device, pipe or socket), which writing the file atomically would replace")
            }
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            let data = Data(text.utf8)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ReportWriteError(path: path, reason: "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            // POSIX rename replaces the destination in one step.
            guard rename(temporary.path, url.path) == 0 else {
                throw ReportWriteError(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as ReportWriteError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportWriteError(path: path, reason: "\(error.localizedDescription)")
        }
    }
}

/// A report file could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
