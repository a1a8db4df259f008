using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>One <c>columnDefinitions</c> entry of a Table.</summary>
/// <param name="Name">Header text; kubectl upper-cases it.</param>
/// <param name="Type">OpenAPI type of the cells: string, integer, number, boolean or date.</param>
/// <param name="Format">Optional format; <c>name</c> marks the column that identifies the row.</param>
/// <param name="Description">Human description of the column.</param>
/// <param name="Priority">0 shows by default; higher only with <c>-o wide</c>.</param>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0)
{
    public const string NameDescription = "Name must be unique within a namespace; it identifies the object.";
    public const string AgeDescription = "Time since the server created the object (metadata.creationTimestamp).";

    public static TableColumn NameColumn { get; } = new("Name", "string", "name", NameDescription);

    public static TableColumn AgeColumn { get; } = new("Age", "string", "", AgeDescription);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
