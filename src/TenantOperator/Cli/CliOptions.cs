using System.CommandLine;

namespace TenantOperator.Cli;

/// <summary>Options several verbs share, built the same way everywhere.</summary>
internal static class CliOptions
{
    /// <summary><c>-f/--filename</c>: files or directories of manifests, repeatable.</summary>
    public static Option<string[]> Files(string description) => new("--filename", "-f")
    {
        Description = description,
        Required = true,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>-o/--output</c>: yaml or json.</summary>
    public static Option<string> Output() => new Option<string>("--output", "-o")
    {
        Description = "Output format: yaml or json.",
        DefaultValueFactory = _ => "yaml",
    }.AcceptOnlyFromAmong("yaml", "json");

    /// <summary><c>-o/--output</c>: text or json, for the verbs whose JSON schema is in docs/audit.md.</summary>
    public static Option<string> TextOrJson() => new Option<string>("--output", "-o")
    {
        Description = "Output format: text or json (one object; its schema is in docs/audit.md).",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    /// <summary><c>--protected-namespace</c>: namespaces never isolated besides the built-in ones, repeatable.</summary>
    public static Option<string[]> ProtectedNamespaces() => new("--protected-namespace")
    {
        Description = "A namespace never isolated, besides kube-system, kube-public and kube-node-lease (the operator's own, as given to run --protected-namespace); repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };
}
