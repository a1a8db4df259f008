namespace TenantOperator.Manifests;

/// <summary>
/// The bounds every manifest the CLI reads is held to (files, directories, stdin, devices, <c>--namespaces</c>,
/// kubeconfigs), so that no input can make a verb hang, exhaust memory or overflow the stack. Each bound is far above
/// what a real GitOps repository or a <c>kubectl get -o yaml</c> dump reaches, and each is reported as a located error
/// that names it. The numbers and the reasons behind them are in README.md ("Validation").
/// </summary>
public sealed record InputLimits
{
    /// <summary>
    /// Bytes all inputs of one command may have together. 8 MiB: some 14,000 TenantIsolations, or a cluster dump of
    /// 10,000 small Pods; kube-apiserver refuses a request body over 3 MiB, so a larger file can only be many objects,
    /// and <c>audit --kubeconfig</c> reads a large cluster live. It keeps a verb within about 300 MiB (README.md,
    /// "Validation", has the measurements).
    /// </summary>
    public long MaxBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>
    /// Objects (documents and <c>List</c> items) all inputs may hold together: 20,000, above what 8 MiB of real
    /// manifests holds, so that 8 MiB of tiny documents cannot multiply the work per object.
    /// </summary>
    public int MaxDocuments { get; init; } = 20_000;

    /// <summary>
    /// How deeply mappings and sequences may nest. 64: the depth System.Text.Json, which every object passes
    /// through, accepts by default; the deepest real manifests (CRD schemas that embed a pod template) stay below 50.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Values (keys and scalars, mappings, sequences, aliases expanded) all inputs may hold together: 1,500,000, half
    /// as much again as 8 MiB of dense manifests holds (8 MiB of compact Pods: 980,000); 8 MiB of <c>[a,a,a,...]</c>
    /// would be 4,000,000 and take some 500 MiB.
    /// </summary>
    public long MaxNodes { get; init; } = 1_500_000;

    /// <summary>
    /// Values one document may gain from expanding YAML aliases: anchors are rare in manifests and small when used,
    /// while a "billion laughs" document expands a few hundred bytes into billions of values.
    /// </summary>
    public long MaxAliasNodes { get; init; } = 100_000;

    /// <summary>The limits every verb uses.</summary>
    public static InputLimits Default { get; } = new();
}
