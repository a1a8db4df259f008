using System.Text;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// The answer to "may <see cref="Source"/> open a connection to <see cref="Destination"/> on <see cref="Port"/>":
/// allowed only when egress at the source AND ingress at the destination allow it (over one IP family), with the
/// reasons for each side and any notes (pods without IPs, named ports that do not resolve, host-network pods).
/// </summary>
public sealed record ConnectionVerdict(
    string Source,
    string Destination,
    ProtocolPort Port,
    bool Allowed,
    DirectionVerdict Egress,
    DirectionVerdict Ingress,
    IReadOnlyList<string> Notes)
{
    /// <summary>A multi-line explanation, as <c>tenant-operator explain</c> prints it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Source).Append(" -> ").Append(Destination).Append(" on ").Append(Port).Append(": ")
            .AppendLine(Allowed ? "ALLOWED" : "DENIED");
        text.Append("  egress at ").Append(Egress.Subject).Append(": ").AppendLine(Egress.Reason);
        text.Append("  ingress at ").Append(Ingress.Subject).Append(": ").AppendLine(Ingress.Reason);
        foreach (var note in Notes)
        {
            text.Append("  note: ").AppendLine(note);
        }

        return text.ToString();
    }
}
