namespace TenantOperator.Policy.Planning;

/// <summary>The reasons a selected namespace is not a member, as shown in <c>status.excludedNamespaces</c>.</summary>
public static class ExclusionReasons
{
    /// <summary>A namespace the operator never isolates.</summary>
    public const string Protected = "Protected";

    /// <summary>A member an admin left unisolated.</summary>
    public static string Exempt(string reason) => "Exempt: " + reason;

    /// <summary>A namespace that an older tenant also selects.</summary>
    public static string ClaimedBy(string tenant) => "ClaimedBy:" + tenant;
}
