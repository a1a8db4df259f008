namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// A range of CEL cost units (cel-go checker.CostEstimate). Arithmetic saturates at <see cref="ulong.MaxValue"/>
/// instead of overflowing, as cel-go's does.
/// </summary>
internal readonly record struct CostEstimate(ulong Min, ulong Max)
{
    public static readonly CostEstimate Zero = new(0, 0);
    public static readonly CostEstimate One = new(1, 1);

    public CostEstimate Add(CostEstimate other) => new(Saturating.Add(Min, other.Min), Saturating.Add(Max, other.Max));

    public CostEstimate Multiply(CostEstimate other) => new(Saturating.Multiply(Min, other.Min), Saturating.Multiply(Max, other.Max));

    /// <summary>Each bound times a factor, rounded up.</summary>
    public CostEstimate MultiplyByCostFactor(double factor) => new(Saturating.MultiplyByFactor(Min, factor), Saturating.MultiplyByFactor(Max, factor));

    /// <summary>The range that covers both.</summary>
    public CostEstimate Union(CostEstimate other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));
}

/// <summary>
/// A range of sizes (cel-go checker.SizeEstimate): a string's length, a list's item or a map's entry count, the same
/// thing CEL's <c>size()</c> returns.
/// </summary>
internal readonly record struct SizeEstimate(ulong Min, ulong Max)
{
    public static readonly SizeEstimate One = new(1, 1);
    public static readonly SizeEstimate Unknown = new(0, ulong.MaxValue);

    public SizeEstimate Add(SizeEstimate other) => new(Saturating.Add(Min, other.Min), Saturating.Add(Max, other.Max));

    public SizeEstimate Multiply(SizeEstimate other) => new(Saturating.Multiply(Min, other.Min), Saturating.Multiply(Max, other.Max));

    public CostEstimate MultiplyByCostFactor(double factor) => new(Saturating.MultiplyByFactor(Min, factor), Saturating.MultiplyByFactor(Max, factor));

    public CostEstimate MultiplyByCost(CostEstimate cost) => new(Saturating.Multiply(Min, cost.Min), Saturating.Multiply(Max, cost.Max));

    public SizeEstimate Union(SizeEstimate other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    public CostEstimate AsCost() => new(Min, Max);
}

/// <summary>cel-go's overflow-free arithmetic of cost and size bounds.</summary>
internal static class Saturating
{
    private static readonly double TwoTo64 = Math.ScaleB(1.0, 64);

    public static ulong Add(ulong x, ulong y) => y > 0 && x > ulong.MaxValue - y ? ulong.MaxValue : x + y;

    public static ulong Multiply(ulong x, ulong y) => y != 0 && x > ulong.MaxValue / y ? ulong.MaxValue : x * y;

    public static ulong MultiplyByFactor(ulong x, double factor)
    {
        var value = (double)x;
        if (value > 0 && factor > 0 && value > ulong.MaxValue / factor)
        {
            return ulong.MaxValue;
        }

        var ceiling = Math.Ceiling(value * factor);
        return ceiling >= TwoTo64 ? ulong.MaxValue : (ulong)ceiling;
    }
}
