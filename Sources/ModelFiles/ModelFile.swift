/// The contents of a model file: named tensors in file order and string metadata.
public struct ModelFile: Sendable {
    /// Tensors in the order of their data in the file.
    public var tensors: [ModelTensor]
    /// The metadata, including the format keys the writer adds.
    public var metadata: ModelMetadata

    public init(tensors: [ModelTensor], metadata: ModelMetadata = ModelMetadata()) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor named `name`.
    /// - Throws: ``ModelFileError`` `.missingTensor` when there is none.
    public func tensor(_ name: String) throws -> ModelTensor {
        guard let t = tensors.first(where: { $0.name == name }) else {
            throw ModelFileError(path: "", .missingTensor(name: name))
        }
        return t
    }

    /// The format version recorded in the file, if any.
    public var formatVersion: String? { metadata.entries[ModelFileFormat.versionKey] }
}
