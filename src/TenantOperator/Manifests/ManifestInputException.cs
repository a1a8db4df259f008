namespace TenantOperator.Manifests;

/// <summary>
/// Why one document cannot be read, and where in its text (1-based; 0 when the problem has no position). Thrown inside
/// the readers and turned into a <see cref="ManifestProblem"/> at the document's boundary, so it never escapes them.
/// <see cref="EndsReading"/> marks a limit on all inputs together: once it is reached, nothing more is read.
/// </summary>
internal sealed class ManifestInputException(string message, long line = 0, long column = 0, bool endsReading = false) : Exception(message)
{
    /// <summary>The line of the problem, or 0.</summary>
    public long Line { get; } = line;

    /// <summary>The column of the problem, or 0.</summary>
    public long Column { get; } = column;

    /// <summary>True when a limit on all inputs together was reached.</summary>
    public bool EndsReading { get; } = endsReading;
}
