namespace TenantOperator.LocalApiServer.Schema.Cel.Syntax;

/// <summary>The function names operators parse to, as cel-go names them (common/operators).</summary>
internal static class CelOperators
{
    public const string Conditional = "_?_:_";
    public const string LogicalAnd = "_&&_";
    public const string LogicalOr = "_||_";
    public const string LogicalNot = "!_";
    public const string Negate = "-_";
    public const string Equal = "_==_";
    public const string NotEquals = "_!=_";
    public const string Less = "_<_";
    public const string LessEquals = "_<=_";
    public const string Greater = "_>_";
    public const string GreaterEquals = "_>=_";
    public const string Add = "_+_";
    public const string Subtract = "_-_";
    public const string Multiply = "_*_";
    public const string Divide = "_/_";
    public const string Modulo = "_%_";
    public const string Index = "_[_]";
    public const string OptionalIndex = "_[?_]";
    public const string OptionalSelect = "_?._";
    public const string In = "@in";
    public const string NotStrictlyFalse = "@not_strictly_false";

    /// <summary>The accumulator variable of macro comprehensions (cel-go's parser.AccumulatorName).</summary>
    public const string Accumulator = "__result__";
}
