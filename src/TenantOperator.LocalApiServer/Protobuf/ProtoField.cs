namespace TenantOperator.LocalApiServer.Protobuf;

/// <summary>The wire shapes of the protobuf fields this server decodes.</summary>
internal enum ProtoFieldKind
{
    String,
    Bytes,
    Int64,
    Bool,
    Message,
    StringMap,
    BytesMap,
    Time,
}

/// <summary>One field of a Kubernetes protobuf message: its JSON name, shape and whether it repeats.</summary>
internal sealed record ProtoField(string JsonName, ProtoFieldKind Kind, bool Repeated = false, ProtoMessage? Message = null);
