using System.Text;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// An expected or observed reachability table as text: a header naming the destinations, then one row per source,
/// <c>.</c> for allowed and <c>X</c> for denied.
/// <code>
/// from\to x/a x/b ...
/// x/a      .   X  ...
/// </code>
/// </summary>
internal sealed class ReachabilityGrid
{
    private readonly bool[,] _allowed;

    private ReachabilityGrid(IReadOnlyList<string> pods, bool[,] allowed)
    {
        Pods = pods;
        _allowed = allowed;
    }

    public IReadOnlyList<string> Pods { get; }

    public bool IsAllowed(int from, int to) => _allowed[from, to];

    public static ReachabilityGrid Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pods = header.Skip(1).ToArray();
        if (lines.Length != pods.Length + 1)
        {
            throw new FormatException($"expected {pods.Length} rows after the header, found {lines.Length - 1}");
        }

        var allowed = new bool[pods.Length, pods.Length];
        for (var row = 0; row < pods.Length; row++)
        {
            var cells = lines[row + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != pods.Length + 1 || cells[0] != pods[row])
            {
                throw new FormatException($"row {row + 1} must start with {pods[row]} and have {pods.Length} cells: \"{lines[row + 1]}\"");
            }

            for (var column = 0; column < pods.Length; column++)
            {
                allowed[row, column] = cells[column + 1] switch
                {
                    "." => true,
                    "X" => false,
                    var other => throw new FormatException($"cell \"{other}\" in row {pods[row]}: use . (allowed) or X (denied)"),
                };
            }
        }

        return new ReachabilityGrid(pods, allowed);
    }

    /// <summary>The table the evaluator's fast path gives for <paramref name="pods"/> (in that order).</summary>
    public static ReachabilityGrid Observe(NetworkPolicyEvaluator evaluator, IReadOnlyList<string> pods, ProtocolPort port)
    {
        var indexes = pods.Select(p => evaluator.GetPodIndex(p.Split('/')[0], p.Split('/')[1])).ToArray();
        var allowed = new bool[pods.Count, pods.Count];
        for (var from = 0; from < pods.Count; from++)
        {
            for (var to = 0; to < pods.Count; to++)
            {
                allowed[from, to] = evaluator.IsAllowed(indexes[from], indexes[to], port);
            }
        }

        return new ReachabilityGrid(pods, allowed);
    }

    /// <summary>The same table from the bulk matrix.</summary>
    public static ReachabilityGrid FromMatrix(ConnectivityMatrix matrix, IReadOnlyList<string> pods, int portIndex)
    {
        var indexOf = matrix.Pods.ToDictionary(p => p.ToString(), p => p.Index);
        var allowed = new bool[pods.Count, pods.Count];
        for (var from = 0; from < pods.Count; from++)
        {
            for (var to = 0; to < pods.Count; to++)
            {
                allowed[from, to] = matrix.IsAllowed(indexOf[pods[from]], indexOf[pods[to]], portIndex);
            }
        }

        return new ReachabilityGrid(pods, allowed);
    }

    /// <summary>The cells where the two tables differ, as <c>x/a -> y/b: expected . observed X</c> lines.</summary>
    public IReadOnlyList<string> Differences(ReachabilityGrid observed)
    {
        var differences = new List<string>();
        for (var from = 0; from < Pods.Count; from++)
        {
            for (var to = 0; to < Pods.Count; to++)
            {
                if (_allowed[from, to] != observed._allowed[from, to])
                {
                    differences.Add($"{Pods[from]} -> {Pods[to]}: expected {Cell(_allowed[from, to])}, observed {Cell(observed._allowed[from, to])}");
                }
            }
        }

        return differences;
    }

    public override string ToString()
    {
        var text = new StringBuilder("from\\to");
        foreach (var pod in Pods)
        {
            text.Append(' ').Append(pod);
        }

        text.AppendLine();
        for (var from = 0; from < Pods.Count; from++)
        {
            text.Append(Pods[from].PadRight(7));
            for (var to = 0; to < Pods.Count; to++)
            {
                text.Append(' ').Append(Cell(_allowed[from, to]).PadLeft(3));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Cell(bool allowed) => allowed ? "." : "X";
}
