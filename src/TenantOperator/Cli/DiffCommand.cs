using System.CommandLine;
using TenantOperator.Cli.Diff;
using TenantOperator.Manifests;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Cli;

/// <summary>
/// <c>tenant-operator diff</c>: the connections between namespaces and tenants that a change to a GitOps repository
/// opens and closes, proved with the NetworkPolicy evaluator. Exit code 0: nothing opened; 3: something opened;
/// 1: bad input.
/// </summary>
internal sealed class DiffCommand : Command
{
    /// <summary>The exit code when the head opens connections, so a pull request can be gated on it.</summary>
    public const int OpensConnections = 3;

    private readonly Option<string> _base = Revision("--base", "The revision before the change");
    private readonly Option<string> _head = Revision("--head", "The revision after the change");
    private readonly Option<string[]> _namespaces = new("--namespaces")
    {
        Description = "The cluster's Namespaces (the output of kubectl get ns -o yaml), used by both revisions; a namespace a revision also declares keeps the cluster's labels with the revision's set over them.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _protected = CliOptions.ProtectedNamespaces();

    private readonly Option<string> _output = CliOptions.TextOrJson();

    public DiffCommand()
        : base("diff", """
            Compare the connectivity of two revisions of a GitOps repository: the connections between namespaces
            (and so between tenants) that the head opens and closes, on which ports, and the rules that allow them.
            Each revision is read as audit --plan reads it (TenantIsolations planned as the operator would, its own
            NetworkPolicies kept, other kinds skipped) and evaluated with the operator's NetworkPolicy evaluator over
            probe pods in every namespace. Notes go to stderr.

            Exit codes: 0 nothing opened, 3 the head opens connections, 1 bad input.

            Examples:
              tenant-operator diff --base main/tenants --head tenants
              tenant-operator diff --base old/ --head new/ --namespaces <(kubectl get ns -o yaml) -o json
            """)
    {
        Options.Add(_base);
        Options.Add(_head);
        Options.Add(_namespaces);
        Options.Add(_protected);
        Options.Add(_output);
        SetAction(Run);
    }

    private static Option<string> Revision(string name, string what) => new(name)
    {
        Description = $"{what}: a directory (its *.yaml, *.yml and *.json files, not recursive) or a file of manifests, or - for stdin.",
        Required = true,
    };

    private int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var revisions = new[] { ("base", parse.GetValue(_base)!), ("head", parse.GetValue(_head)!) }
            .Select(r => (Label: r.Item1, Path: r.Item2, Manifests: ClusterManifests.Load([r.Item2])))
            .ToList();
        var errors = new List<string>();
        foreach (var (label, path, manifests) in revisions)
        {
            errors.AddRange(manifests.Errors.Select(e => $"{label}: {e}"));
            if (manifests.Errors.Count == 0 && manifests.DocumentCount == 0)
            {
                errors.Add($"{label}: {Quoted.IfNeeded(path)}: no objects found: the revision is empty (a directory is read for its *.yaml, *.yml and *.json files, not recursively)");
            }
        }

        var namespaceFiles = parse.GetValue(_namespaces) ?? [];
        var cluster = namespaceFiles.Length > 0 ? ClusterNamespaces.Load(namespaceFiles) : null;
        errors.AddRange(cluster?.Errors ?? []);
        if (errors.Count > 0)
        {
            return Fail(error, errors);
        }

        DiffReport report;
        try
        {
            report = ConnectivityDiff.Compare(
                new Revision("base", revisions[0].Manifests), new Revision("head", revisions[1].Manifests), cluster,
                PlannerOptions.WithProtected(parse.GetValue(_protected) ?? []));
        }
        catch (DiffInputException ex)
        {
            return Fail(error, [ex.Message]);
        }

        foreach (var (label, _, manifests) in revisions)
        {
            foreach (var note in manifests.Skipped.Notes("diff reads only Namespaces, NetworkPolicies and TenantIsolations"))
            {
                error.WriteLine($"note: {label}: {note}");
            }
        }

        foreach (var note in report.Notes)
        {
            error.WriteLine($"note: {note}");
        }

        output.Write(parse.GetValue(_output) == "json" ? DiffJsonWriter.Write(report) : DiffTextWriter.Write(report));
        return report.Opened.Count > 0 ? OpensConnections : 0;
    }

    private static int Fail(TextWriter error, List<string> errors)
    {
        foreach (var line in errors)
        {
            error.WriteLine(line);
        }

        error.WriteLine($"{errors.Count} error(s): nothing compared");
        return 1;
    }
}
