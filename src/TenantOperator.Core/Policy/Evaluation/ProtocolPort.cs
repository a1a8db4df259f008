using System.Globalization;

namespace TenantOperator.Policy.Evaluation;

/// <summary>A destination port and its transport protocol, written <c>80/TCP</c>.</summary>
public readonly record struct ProtocolPort
{
    /// <summary>Creates a port; <paramref name="port"/> must be 1–65535.</summary>
    public ProtocolPort(TransportProtocol protocol, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "a port must be between 1 and 65535");
        }

        Protocol = protocol;
        Port = port;
    }

    /// <summary>The transport protocol.</summary>
    public TransportProtocol Protocol { get; }

    /// <summary>The port number, 1–65535.</summary>
    public int Port { get; }

    /// <summary>TCP on <paramref name="port"/>.</summary>
    public static ProtocolPort Tcp(int port) => new(TransportProtocol.Tcp, port);

    /// <summary>UDP on <paramref name="port"/>.</summary>
    public static ProtocolPort Udp(int port) => new(TransportProtocol.Udp, port);

    /// <summary>SCTP on <paramref name="port"/>.</summary>
    public static ProtocolPort Sctp(int port) => new(TransportProtocol.Sctp, port);

    /// <summary>Parses <c>80</c> (TCP), <c>80/TCP</c>, <c>53/UDP</c> or <c>9000/SCTP</c>; the protocol is case-insensitive here.</summary>
    /// <exception cref="FormatException">The text is not a port, or not a known protocol.</exception>
    public static ProtocolPort Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var portText = slash < 0 ? text : text[..slash];
        var protocolText = slash < 0 ? "TCP" : text[(slash + 1)..].ToUpperInvariant();
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"\"{text}\" is not a port: expected PORT or PORT/PROTOCOL with PORT between 1 and 65535, e.g. 80/TCP");
        }

        if (!TransportProtocols.TryParse(protocolText, out var protocol))
        {
            throw new FormatException($"\"{text}\" names an unknown protocol: expected TCP, UDP or SCTP");
        }

        return new ProtocolPort(protocol, port);
    }

    /// <summary>The <c>80/TCP</c> form.</summary>
    public override string ToString() => $"{Port}/{Protocol.ToKubernetesName()}";
}
