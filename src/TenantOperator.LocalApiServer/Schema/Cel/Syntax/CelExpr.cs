namespace TenantOperator.LocalApiServer.Schema.Cel.Syntax;

/// <summary>
/// A node of a parsed CEL expression, with macros already expanded, in the shape cel-go's parser gives the checker
/// and the cost estimator (common/ast): literals, identifiers, field selections, calls (operators are calls such as
/// <c>_&amp;&amp;_</c>), list/map/message construction and comprehensions. <see cref="Offset"/> is where the node
/// starts in the source, in UTF-16 code units, for error locations.
/// </summary>
internal abstract class CelExpr(int id, int offset)
{
    /// <summary>Unique within one expression; the checker's type and overload maps are keyed by it.</summary>
    public int Id { get; } = id;

    public int Offset { get; } = offset;
}

/// <summary>A constant: long, ulong, double, string, byte[], bool, or null (<see cref="IsNull"/>).</summary>
internal sealed class CelLiteral(int id, int offset, object? value) : CelExpr(id, offset)
{
    public object? Value { get; } = value;

    public bool IsNull => Value is null;
}

internal sealed class CelIdent(int id, int offset, string name) : CelExpr(id, offset)
{
    public string Name { get; } = name;
}

/// <summary><c>operand.field</c>; <see cref="TestOnly"/> for the presence test <c>has(operand.field)</c>.</summary>
internal sealed class CelSelect(int id, int offset, CelExpr operand, string field, bool testOnly) : CelExpr(id, offset)
{
    public CelExpr Operand { get; } = operand;

    public string Field { get; } = field;

    public bool TestOnly { get; } = testOnly;
}

/// <summary>A function or operator call; <see cref="Target"/> is the receiver of a member call (<c>s.size()</c>).</summary>
internal sealed class CelCall(int id, int offset, string function, CelExpr? target, IReadOnlyList<CelExpr> args) : CelExpr(id, offset)
{
    public string Function { get; } = function;

    public CelExpr? Target { get; } = target;

    public IReadOnlyList<CelExpr> Args { get; } = args;

    public bool IsMemberCall => Target is not null;
}

/// <summary><c>[a, ?b]</c>: the indices of optional elements are listed.</summary>
internal sealed class CelCreateList(int id, int offset, IReadOnlyList<CelExpr> elements, IReadOnlyList<int> optionalIndices) : CelExpr(id, offset)
{
    public IReadOnlyList<CelExpr> Elements { get; } = elements;

    public IReadOnlyList<int> OptionalIndices { get; } = optionalIndices;
}

internal sealed record CelMapEntry(CelExpr Key, CelExpr Value, bool Optional);

internal sealed class CelCreateMap(int id, int offset, IReadOnlyList<CelMapEntry> entries) : CelExpr(id, offset)
{
    public IReadOnlyList<CelMapEntry> Entries { get; } = entries;
}

internal sealed record CelStructField(string Name, CelExpr Value, bool Optional);

/// <summary><c>pkg.Message{field: value}</c>; Kubernetes declares no message types a rule could build, but it parses.</summary>
internal sealed class CelCreateStruct(int id, int offset, string typeName, IReadOnlyList<CelStructField> fields) : CelExpr(id, offset)
{
    public string TypeName { get; } = typeName;

    public IReadOnlyList<CelStructField> Fields { get; } = fields;
}

/// <summary>
/// A fold, what the macros (<c>all</c>, <c>exists</c>, <c>map</c>, ...) expand to: for each element of
/// <see cref="IterRange"/> bound to <see cref="IterVar"/> (and <see cref="IterVar2"/> in two-variable forms), while
/// <see cref="LoopCondition"/> holds, the accumulator <see cref="AccuVar"/> becomes <see cref="LoopStep"/>; the value
/// is <see cref="Result"/>.
/// </summary>
internal sealed class CelComprehension(
    int id,
    int offset,
    CelExpr iterRange,
    string iterVar,
    string? iterVar2,
    string accuVar,
    CelExpr accuInit,
    CelExpr loopCondition,
    CelExpr loopStep,
    CelExpr result) : CelExpr(id, offset)
{
    public CelExpr IterRange { get; } = iterRange;

    public string IterVar { get; } = iterVar;

    public string? IterVar2 { get; } = iterVar2;

    public string AccuVar { get; } = accuVar;

    public CelExpr AccuInit { get; } = accuInit;

    public CelExpr LoopCondition { get; } = loopCondition;

    public CelExpr LoopStep { get; } = loopStep;

    public CelExpr Result { get; } = result;
}
