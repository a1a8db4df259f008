namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// IP address families as bit flags. A connection uses one family, so the evaluator tracks, per side, the families
/// over which a rule allows it; a pod with no IP yet counts as <see cref="Both"/> because either may be used.
/// </summary>
[Flags]
internal enum AddressFamilies : byte
{
    None = 0,
    V4 = 1,
    V6 = 2,
    Both = V4 | V6,
}
