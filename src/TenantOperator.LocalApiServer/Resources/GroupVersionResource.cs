namespace TenantOperator.LocalApiServer.Resources;

/// <summary>A served resource: API group (empty for the core group), version and plural name.</summary>
public readonly record struct GroupVersionResource(string Group, string Version, string Resource)
{
    /// <summary><c>v1</c> for the core group, <c>group/version</c> otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <inheritdoc />
    public override string ToString() => $"{ApiVersion}/{Resource}";
}
