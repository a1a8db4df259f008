using System.Text.Json;

namespace TenantOperator.Api.Validation;

/// <summary>A field path in the API server's notation: <c>spec.egress[1].to[0].ipBlock.except[0]</c>.</summary>
public readonly record struct FieldPath(string Value)
{
    /// <summary>The path of a top-level field.</summary>
    public static FieldPath Root(string name) => new(Printable(name));

    /// <summary>The path of a named child field.</summary>
    public FieldPath Child(string name) => new(Value.Length == 0 ? Printable(name) : $"{Value}.{Printable(name)}");

    /// <summary>The path of a list entry.</summary>
    public FieldPath Index(int index) => new($"{Value}[{index}]");

    /// <summary>The path of a map entry, quoted as the API server quotes keys with dots or slashes.</summary>
    public FieldPath Key(string key) => new($"{Value}[{Printable(key)}]");

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>A name from a document (an unknown field, a map key) JSON-quoted when it holds control characters, so an error stays one line.</summary>
    private static string Printable(string name) => name.Any(char.IsControl) ? JsonSerializer.Serialize(name) : name;
}
