using TenantOperator.LocalApiServer.BuiltIns.Typing;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// A built-in kind this server decodes as kube-apiserver does (types, unknown fields, Go's encoding) but whose own
/// validation it does not implement beyond ObjectMeta (ConfigMap, ServiceAccount and the RBAC kinds; see
/// docs/local-apiserver.md).
/// </summary>
internal sealed class DecodedOnlyKind(GoStruct type, bool legacyFinalizerNames = false) : BuiltInKind
{
    public override GoStruct Type { get; } = type;

    public override bool LegacyFinalizerNames { get; } = legacyFinalizerNames;
}
