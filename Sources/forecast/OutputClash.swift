import ArgumentParser
import Foundation

/// Refuses an output file that names an input file or another output of the same command:
/// writing it would replace the data being read (`fit data.csv -o data.csv`), or one report
/// would replace another (`--json r.json --report r.json`). Checked in `validate()`, before any
/// file is read or written (exit 64, both options named).
enum OutputClash {
    /// - Parameters:
    ///   - inputs: (what, path) of the files read, e.g. ("the input file", file) or ("--labels", path);
    ///     `-` (standard input) and nil are skipped.
    ///   - outputs: (option, path) of the files written; nil is skipped.
    /// - Throws: `ValidationError` naming the two options and the path.
    static func refuse(inputs: [(what: String, path: String?)], outputs: [(option: String, path: String?)]) throws {
        let read = inputs.compactMap { entry in entry.path.flatMap { $0 == "-" ? nil : (entry.what, $0) } }
        let written = outputs.compactMap { entry in entry.path.map { (entry.option, $0) } }
        for (index, (option, path)) in written.enumerated() {
            let identity = fileIdentity(path)
            if let (input, inputPath) = read.first(where: { fileIdentity($0.1) == identity }) {
                throw ValidationError("\(option) \(path) is \(input) \(inputPath): writing it would replace the data "
                                      + "being read. Choose another file.")
            }
            if let (otherOption, otherPath) = written[..<index].first(where: { fileIdentity($0.1) == identity }) {
                throw ValidationError("\(option) \(path) and \(otherOption) \(otherPath) name the same file: one would "
                                      + "replace the other. Choose two files.")
            }
        }
    }

    /// The same string for two paths of one file: device and inode when it exists (so hard and
    /// symbolic links match), else the absolute path with `.`/`..` and symbolic links resolved.
    private static func fileIdentity(_ path: String) -> String {
        var status = stat()
        if stat(path, &status) == 0 { return "inode \(status.st_dev):\(status.st_ino)" }
        return "path " + URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
