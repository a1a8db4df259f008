namespace TenantOperator.ApiMachinery.Tests;

/// <summary>
/// The rules against kube-apiserver's answers (k8s.io/apimachinery/pkg/util/validation, v1.32): each expected list is
/// written out from the upstream functions' text, message for message and in their order.
/// </summary>
public sealed class KubernetesNamesTests
{
    private const string QualifiedNamePart = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private const string Dns1123Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1035Label = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("app")]
    [InlineData("app.kubernetes.io/name")]
    [InlineData("Example.COM_x")]
    public void QualifiedName_TakesNamesWithAnOptionalDnsPrefix(string key) =>
        Assert.Empty(KubernetesNames.QualifiedNameErrors(key));

    [Fact]
    public void QualifiedName_SaysEveryProblemOfEachPart()
    {
        Assert.Equal(["prefix part must be non-empty", "name part " + QualifiedNamePart], KubernetesNames.QualifiedNameErrors("/-x"));
        Assert.Equal(["prefix part " + Dns1123Subdomain, "name part must be non-empty", "name part " + QualifiedNamePart], KubernetesNames.QualifiedNameErrors("Example.com/"));
        Assert.Equal(["name part must be no more than 63 characters"], KubernetesNames.QualifiedNameErrors(new string('a', 64)));
        Assert.Equal(["name part must be no more than 63 characters", "name part " + QualifiedNamePart], KubernetesNames.QualifiedNameErrors(new string('a', 63) + "-"));
    }

    [Fact]
    public void QualifiedName_WithTwoSlashes_IsOneMessageAboutTheWhole() =>
        Assert.Equal(
            ["a qualified name " + QualifiedNamePart + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            KubernetesNames.QualifiedNameErrors("a/b/c"));

    [Theory]
    [InlineData("")]
    [InlineData("v1.2_beta-3")]
    public void LabelValue_TakesEmptyAndQualifiedNameParts(string value) =>
        Assert.Empty(KubernetesNames.LabelValueErrors(value));

    [Fact]
    public void LabelValue_SaysTooLongAndMalformed()
    {
        Assert.Equal([LabelValue], KubernetesNames.LabelValueErrors("-x"));
        Assert.Equal(["must be no more than 63 characters", LabelValue], KubernetesNames.LabelValueErrors(new string('x', 63) + "_"));
    }

    [Fact]
    public void Dns1123Label_TellsDotsFromOtherCharacters()
    {
        Assert.Empty(KubernetesNames.Dns1123LabelErrors("team-a"));
        Assert.Equal(["must not contain dots"], KubernetesNames.Dns1123LabelErrors("team.a"));
        Assert.Equal([Dns1123Label], KubernetesNames.Dns1123LabelErrors("Team-A"));
        Assert.Equal(["must be no more than 63 characters"], KubernetesNames.Dns1123LabelErrors(new string('a', 64)));
    }

    [Fact]
    public void Dns1123Subdomain_TakesDotsUpTo253Characters()
    {
        Assert.Empty(KubernetesNames.Dns1123SubdomainErrors("tenant-isolation.example.com"));
        Assert.Equal([Dns1123Subdomain], KubernetesNames.Dns1123SubdomainErrors("a..b"));
        Assert.Equal(["must be no more than 253 characters"], KubernetesNames.Dns1123SubdomainErrors(new string('a', 254)));
    }

    [Fact]
    public void Dns1035Label_MustStartWithALetter()
    {
        Assert.Empty(KubernetesNames.Dns1035LabelErrors("configmap"));
        Assert.Equal([Dns1035Label], KubernetesNames.Dns1035LabelErrors("1st"));
    }

    [Theory]
    [InlineData("team-a\n")]
    [InlineData("team-a\r\n")]
    public void AFinalNewline_IsNoPartOfAName(string name)
    {
        // Go's $ is the end of the text; .NET's also matches before a final newline.
        Assert.NotEmpty(KubernetesNames.Dns1123LabelErrors(name));
        Assert.NotEmpty(KubernetesNames.Dns1123SubdomainErrors(name));
        Assert.NotEmpty(KubernetesNames.QualifiedNameErrors(name));
        Assert.NotEmpty(KubernetesNames.LabelValueErrors(name));
    }

    [Fact]
    public void Lengths_CountBytes_AsGoDoes()
    {
        // 32 'é' are 32 characters and 64 bytes: too long for a label value, as kube-apiserver counts.
        Assert.Equal(["must be no more than 63 characters", LabelValue], KubernetesNames.LabelValueErrors(new string('é', 32)));
    }

    [Theory]
    [InlineData("Pod_p.17f0a", new string[0])]
    [InlineData(".", new[] { "may not be '.'" })]
    [InlineData("..", new[] { "may not be '..'" })]
    [InlineData("a/b%c", new[] { "may not contain '/'", "may not contain '%'" })]
    [InlineData("...", new string[0])]
    public void PathSegmentName_RefusesOnlyWhatBreaksAPath(string name, string[] expected) =>
        Assert.Equal(expected, KubernetesNames.PathSegmentNameErrors(name));

    [Theory]
    [InlineData(0L, new[] { "must be between 1 and 65535, inclusive" })]
    [InlineData(1L, new string[0])]
    [InlineData(65535L, new string[0])]
    [InlineData(65536L, new[] { "must be between 1 and 65535, inclusive" })]
    public void PortNumber_IsOneTo65535(long port, string[] expected) =>
        Assert.Equal(expected, KubernetesNames.PortNumberErrors(port));

    [Theory]
    [InlineData("http", new string[0])]
    [InlineData("web-server-port-x", new[] { "must be no more than 15 characters" })]
    [InlineData("Http_Port", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" })]
    [InlineData("123", new[] { "must contain at least one letter (a-z)" })]
    [InlineData("a--b", new[] { "must not contain consecutive hyphens" })]
    [InlineData("-web", new[] { "must not begin or end with a hyphen" })]
    [InlineData("", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)" })]
    [InlineData("--", new[] { "must contain at least one letter (a-z)", "must not contain consecutive hyphens", "must not begin or end with a hyphen" })]
    public void PortName_IsAnIanaServiceName_WithEveryMessageInKubernetesOrder(string name, string[] expected) =>
        Assert.Equal(expected, KubernetesNames.PortNameErrors(name));
}
