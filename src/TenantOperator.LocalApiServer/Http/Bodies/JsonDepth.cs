using System.Globalization;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// The nesting limit for objects the server keeps. A body is held to it when decoded
/// (<see cref="GoJsonDecoder"/>); a patch can nest a body inside an object, so a patched object is
/// checked again before it is stored.
/// </summary>
internal static class JsonDepth
{
    /// <summary>
    /// Nested objects and arrays, the root included. Go's decoder allows 10,000; this server keeps
    /// System.Text.Json's default, which its copies, comparisons and serialization all rely on.
    /// </summary>
    public const int Max = 64;

    /// <summary>422 Invalid on <c>patch</c> when <paramref name="obj"/> nests deeper than <see cref="Max"/>.</summary>
    public static void Check(JsonNode obj)
    {
        if (Of(obj) > Max)
        {
            throw ApiErrors.Invalid(string.Empty, string.Empty, string.Empty, string.Empty,
                [new StatusCause("patch", "FieldValueInvalid", string.Create(CultureInfo.InvariantCulture, $"Invalid value: \"object\": the patched object nests deeper than {Max} levels"))]);
        }
    }

    /// <summary>The nesting depth of <paramref name="node"/>: 0 for a scalar, 1 for a flat object or array.</summary>
    public static int Of(JsonNode? node)
    {
        var deepest = 0;
        var pending = new Stack<(JsonNode? Node, int Depth)>();
        pending.Push((node, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            IEnumerable<JsonNode?> children = current switch
            {
                JsonObject obj => obj.Select(p => p.Value),
                JsonArray array => array,
                _ => [],
            };
            if (current is JsonObject or JsonArray)
            {
                deepest = Math.Max(deepest, depth + 1);
                foreach (var child in children)
                {
                    pending.Push((child, depth + 1));
                }
            }
        }

        return deepest;
    }
}
