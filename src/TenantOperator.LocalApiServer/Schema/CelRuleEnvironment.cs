using System.Collections.Concurrent;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Which CEL environment a schema's <c>x-kubernetes-validations</c> rules are checked against when it is compiled:
/// that of a kube-apiserver release, for new rules (a CRD being created or changed: the release's compatibility
/// version, the one before it) or for stored ones (objects being admitted: everything the release knows). A rule that
/// calls a function the environment lacks makes the CRD invalid with cel-go's <c>undeclared reference</c> error.
/// </summary>
public sealed class CelRuleEnvironment
{
    private CelRuleEnvironment(KubernetesVersion version, bool newRules)
    {
        version.EnsureSupported();
        KubernetesVersion = version;
        NewRules = newRules;
        Declarations = newRules ? CelDeclarations.ForNewExpressions(version) : CelDeclarations.ForStoredExpressions(version);
    }

    // Environments are immutable: one per release and kind serves every schema.
    private static readonly ConcurrentDictionary<(KubernetesVersion Version, bool NewRules), CelRuleEnvironment> Environments = new();

    /// <summary>New rules for <see cref="KubernetesVersion.Default"/>: what <c>Compile</c> uses when not told otherwise.</summary>
    public static CelRuleEnvironment Default { get; } = ForNewRules(KubernetesVersion.Default);

    /// <summary>The kube-apiserver release followed.</summary>
    public KubernetesVersion KubernetesVersion { get; }

    /// <summary>True for rules being written (CRD create/update), false for stored rules (admission).</summary>
    public bool NewRules { get; }

    internal CelDeclarations Declarations { get; }

    /// <summary>The environment a kube-apiserver of <paramref name="version"/> checks new CRD rules against.</summary>
    public static CelRuleEnvironment ForNewRules(KubernetesVersion version) =>
        Environments.GetOrAdd((version, true), key => new CelRuleEnvironment(key.Version, key.NewRules));

    /// <summary>The environment a kube-apiserver of <paramref name="version"/> evaluates stored CRD rules in.</summary>
    public static CelRuleEnvironment ForStoredRules(KubernetesVersion version) =>
        Environments.GetOrAdd((version, false), key => new CelRuleEnvironment(key.Version, key.NewRules));
}
