using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Lists the tenant peers a tenant declares and whether each is returned: traffic between tenants needs egress
/// declared by one side and ingress by the other, so a peering is only live when the other tenant declares the
/// opposite direction with a <c>tenant</c> peer naming this one.
/// </summary>
internal static class PeeringAnalyzer
{
    public static List<PeeringStatus> Analyze(TenantIsolation tenant, IReadOnlyDictionary<string, TenantIsolation> tenants, Func<string, TenantMembership?> memberships)
    {
        var name = tenant.Metadata.Name;
        var result = new List<PeeringStatus>();
        foreach (var (direction, rule) in Rules(tenant))
        {
            foreach (var other in (rule.Peers ?? []).Select(p => p.Tenant).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var opposite = direction == "Egress" ? "Ingress" : "Egress";
                var status = new PeeringStatus { Tenant = other, Direction = direction, Rule = rule.Name };
                if (!tenants.TryGetValue(other, out var peer))
                {
                    status.Message = $"tenant {other} does not exist";
                }
                else if (other == name)
                {
                    status.Returned = true; // a tenant peer naming itself needs no consent
                }
                else if (!Rules(peer).Any(r => r.Direction == opposite && (r.Rule.Peers ?? []).Any(p => p.Tenant == name)))
                {
                    status.Message = $"tenant {other} declares no {opposite.ToLowerInvariant()} rule with tenant: {name}";
                }
                else if (memberships(other) is not { Members.Count: > 0 })
                {
                    status.Message = $"tenant {other} has no member namespaces";
                }
                else
                {
                    status.Returned = true;
                }

                result.Add(status);
            }
        }

        return result;
    }

    private static IEnumerable<(string Direction, ITenantRule Rule)> Rules(TenantIsolation tenant) =>
        (tenant.Spec.Ingress ?? []).Select(r => ("Ingress", (ITenantRule)r))
        .Concat((tenant.Spec.Egress ?? []).Select(r => ("Egress", (ITenantRule)r)));
}
