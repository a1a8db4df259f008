namespace TenantOperator.Policy.Evaluation;

/// <summary>Gives every port name a small integer, so that named-port checks compare integers, not strings.</summary>
internal sealed class NamedPortRegistry
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Intern(string name)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            id = _ids.Count;
            _ids.Add(name, id);
        }

        return id;
    }
}
