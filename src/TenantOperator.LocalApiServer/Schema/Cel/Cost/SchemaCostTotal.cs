using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// The estimated cost of all the rules (and message expressions) of one CRD version's schema, and its four most
/// expensive rules costing at least 1 % of the limit (apiextensions' TotalCost), which are named when the total is
/// over <see cref="CelCostLimits.StaticEstimatedCrdCostLimit"/>.
/// </summary>
internal sealed class SchemaCostTotal
{
    private readonly List<(string Path, ulong Cost)> _mostExpensive = [];

    public ulong Total { get; private set; }

    public IReadOnlyList<(string Path, ulong Cost)> MostExpensive => _mostExpensive;

    public void Observe(string path, ulong cost)
    {
        Total = Saturating.Add(Total, cost);
        if (cost < CelCostLimits.MostExpensiveThreshold)
        {
            return;
        }

        // Insert after the rules that cost as much or more, keeping the first four.
        var index = _mostExpensive.FindIndex(e => e.Cost < cost);
        _mostExpensive.Insert(index < 0 ? _mostExpensive.Count : index, (path, cost));
        if (_mostExpensive.Count > 4)
        {
            _mostExpensive.RemoveAt(4);
        }
    }

    /// <summary>The errors kube-apiserver adds when the total is over the limit: each expensive rule, then the schema.</summary>
    public IEnumerable<StatusCause> Errors(string schemaPath)
    {
        if (Total <= CelCostLimits.StaticEstimatedCrdCostLimit)
        {
            yield break;
        }

        foreach (var (path, _) in _mostExpensive)
        {
            yield return FieldErrors.Forbidden(path, CelCostLimits.ContributedToTotal);
        }

        yield return FieldErrors.Forbidden(schemaPath,
            CelCostLimits.ExceedsBudget(CelCostLimits.TotalCostName, Total, CelCostLimits.StaticEstimatedCrdCostLimit));
    }
}
