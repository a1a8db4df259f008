namespace TenantOperator.Policy;

/// <summary>A list for a message: the first few items, then how many more there are.</summary>
public static class ShortList
{
    /// <summary><c>a, b, c</c>, or with more than <paramref name="shown"/> items <c>a, b and 3 more</c>.</summary>
    public static string Of(IReadOnlyCollection<string> items, int shown) =>
        items.Count <= shown ? string.Join(", ", items) : string.Join(", ", items.Take(shown)) + $" and {items.Count - shown} more";
}
