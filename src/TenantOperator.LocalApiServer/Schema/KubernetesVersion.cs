using System.Globalization;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// A Kubernetes minor release, such as 1.31. The server uses it to pick the CEL environment of that release's
/// kube-apiserver (see <see cref="LocalApiServerOptions.KubernetesVersion"/>).
/// </summary>
/// <param name="Major">The major version (1).</param>
/// <param name="Minor">The minor version.</param>
public readonly record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    /// <summary>The oldest release whose CEL environment the server models (1.30: the first with the IP and CIDR libraries).</summary>
    public static readonly KubernetesVersion OldestSupported = new(1, 30);

    /// <summary>The newest release whose CEL environment the server models (1.32, the release the server follows).</summary>
    public static readonly KubernetesVersion NewestSupported = new(1, 32);

    /// <summary>
    /// The default: 1.31, the oldest kube-apiserver that accepts the IP and CIDR functions in new CRD rules (1.30 knows
    /// them but checks new rules against the 1.29 environment), so a CRD this server accepts installs there too.
    /// </summary>
    public static readonly KubernetesVersion Default = new(1, 31);

    /// <summary>The release before this one: a kube-apiserver checks new CEL expressions against it (its compatibility version).</summary>
    public KubernetesVersion Previous => new(Major, Minor - 1);

    /// <summary>Parses <c>1.31</c> (a leading <c>v</c> and a patch number are allowed: <c>v1.31.2</c>).</summary>
    public static KubernetesVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"invalid Kubernetes version \"{text}\": expected MAJOR.MINOR, such as 1.31");
        }

        return new KubernetesVersion(major, minor);
    }

    /// <summary>Throws unless the server models this release's CEL environment.</summary>
    public void EnsureSupported()
    {
        if (CompareTo(OldestSupported) < 0 || CompareTo(NewestSupported) > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Minor), this,
                $"Kubernetes version {this} is not supported: the local apiserver models the CEL environments of {OldestSupported} to {NewestSupported}");
        }
    }

    /// <inheritdoc/>
    public int CompareTo(KubernetesVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>True when this release is <paramref name="other"/> or later.</summary>
    public bool AtLeast(KubernetesVersion other) => CompareTo(other) >= 0;

    /// <summary><c>1.31</c>.</summary>
    public override string ToString() => $"{Major}.{Minor}";

    /// <summary>Orders releases.</summary>
    public static bool operator <(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) < 0;

    /// <summary>Orders releases.</summary>
    public static bool operator >(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) > 0;

    /// <summary>Orders releases.</summary>
    public static bool operator <=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Orders releases.</summary>
    public static bool operator >=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) >= 0;
}
