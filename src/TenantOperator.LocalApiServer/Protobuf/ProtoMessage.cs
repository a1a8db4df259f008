namespace TenantOperator.LocalApiServer.Protobuf;

/// <summary>The fields of one protobuf message type, by field number (from Kubernetes' generated.proto files).</summary>
internal sealed class ProtoMessage(IReadOnlyDictionary<int, ProtoField> fields)
{
    public IReadOnlyDictionary<int, ProtoField> Fields { get; } = fields;
}
