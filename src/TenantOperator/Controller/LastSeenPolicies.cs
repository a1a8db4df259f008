using System.Collections;
using System.Diagnostics.CodeAnalysis;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Controller;

/// <summary>
/// The planned policies a tenant had in place at its previous pass (<c>namespace/name</c> → content hash), as
/// <see cref="Policy.Reconciliation.PolicyDiff"/> reads them to tell a policy someone deleted from one never created.
/// Kept compactly: a tenant's policy of one name has one hash in all its namespaces, so this holds the members, one
/// hash per name and the few policies not in place, instead of a key string per policy (about 7 MB at 56,000 policies).
/// </summary>
internal sealed class LastSeenPolicies : IReadOnlyDictionary<string, string>
{
    private readonly HashSet<string> _namespaces;
    private readonly Dictionary<string, string> _hashByName;
    private readonly HashSet<string> _missing;
    private readonly Dictionary<string, string> _otherHashes;

    private LastSeenPolicies(HashSet<string> namespaces, Dictionary<string, string> hashByName, HashSet<string> missing, Dictionary<string, string> otherHashes)
    {
        _namespaces = namespaces;
        _hashByName = hashByName;
        _missing = missing;
        _otherHashes = otherHashes;
    }

    /// <summary>The policies of <paramref name="plan"/>, but for those whose keys (planned ones) are in <paramref name="notInPlace"/>.</summary>
    public static LastSeenPolicies Of(TenantPlan plan, IReadOnlySet<string> notInPlace)
    {
        var hashByName = new Dictionary<string, string>(StringComparer.Ordinal);
        var otherHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in plan.Policies)
        {
            var hash = policy.Metadata.Annotations[WellKnown.ContentHashAnnotation];
            if (!hashByName.TryAdd(policy.Metadata.Name, hash) && hashByName[policy.Metadata.Name] != hash)
            {
                // Not a plan the planner makes today (a name has one spec per tenant), but kept exact if it ever does.
                otherHashes[Key(policy.Metadata.NamespaceProperty, policy.Metadata.Name)] = hash;
            }
        }

        return new LastSeenPolicies(
            new HashSet<string>(plan.Members, StringComparer.Ordinal), hashByName, new HashSet<string>(notInPlace, StringComparer.Ordinal), otherHashes);
    }

    /// <inheritdoc />
    public int Count => (_namespaces.Count * _hashByName.Count) - _missing.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => this.Select(kv => kv.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => this.Select(kv => kv.Value);

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var hash) ? hash : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = null;
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || _missing.Contains(key) || !_namespaces.Contains(key[..slash]) || !_hashByName.TryGetValue(key[(slash + 1)..], out var hash))
        {
            return false;
        }

        value = _otherHashes.GetValueOrDefault(key) ?? hash;
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var ns in _namespaces.Order(StringComparer.Ordinal))
        {
            foreach (var name in _hashByName.Keys.Order(StringComparer.Ordinal))
            {
                var key = Key(ns, name);
                if (TryGetValue(key, out var hash))
                {
                    yield return KeyValuePair.Create(key, hash);
                }
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Key(string ns, string name) => $"{ns}/{name}";
}
