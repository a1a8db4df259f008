namespace TenantOperator.Runtime.Events;

/// <summary>Settings of the <see cref="EventRecorder"/>.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>Who reports: <c>source.component</c> and <c>reportingComponent</c> of each Event.</summary>
    public string Component { get; init; } = "tenant-operator";

    /// <summary>Which instance reports (<c>reportingInstance</c>, <c>source.host</c>): the pod name.</summary>
    public string ReportingInstance { get; init; } = Environment.MachineName;

    /// <summary>Where Events about cluster-scoped objects go; Kubernetes itself uses <c>default</c>.</summary>
    public string ClusterScopedNamespace { get; init; } = "default";

    /// <summary>How many distinct (object, type, reason, message) events are remembered for aggregation.</summary>
    public int AggregationCacheSize { get; init; } = 4096;
}
