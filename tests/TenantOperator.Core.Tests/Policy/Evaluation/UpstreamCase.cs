namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// One upstream e2e test, as data: its name (the upstream <c>It("...")</c> text) and its steps. Each step changes
/// the cluster (policies created or replaced, all policies deleted, a namespace or pod relabelled) and then states
/// the full expected table for each port it probes.
/// </summary>
internal sealed class UpstreamCase(string name)
{
    private readonly List<Action<UpstreamModel>> _actions = [];
    private readonly List<UpstreamStep> _steps = [];

    public string Name { get; } = name;

    public IReadOnlyList<UpstreamStep> Steps => _steps;

    public UpstreamCase Apply(string yaml) => Do(model => model.Apply(yaml));

    public UpstreamCase DeleteAllPolicies() => Do(model => model.DeleteAllPolicies());

    public UpstreamCase LabelNamespace(string ns, string key, string value) => Do(model => model.LabelNamespace(ns, key, value));

    public UpstreamCase LabelPod(string pod, string key, string value) => Do(model => model.LabelPod(pod, key, value));

    /// <summary>Expects <paramref name="grid"/> on <paramref name="port"/> (e.g. <c>80/TCP</c>) after the changes so far.</summary>
    public UpstreamCase Expect(string port, string grid)
    {
        _steps.Add(new UpstreamStep([.. _actions], port, grid));
        return this;
    }

    public override string ToString() => Name;

    private UpstreamCase Do(Action<UpstreamModel> action)
    {
        _actions.Add(action);
        return this;
    }
}

/// <summary>The changes applied (from the start of the case) before probing <see cref="Port"/>, and the expected table.</summary>
internal sealed record UpstreamStep(IReadOnlyList<Action<UpstreamModel>> Changes, string Port, string Grid);
