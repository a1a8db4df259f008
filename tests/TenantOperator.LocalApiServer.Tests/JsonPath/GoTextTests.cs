using System.Text.Json.Nodes;
using CsCheck;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.LocalApiServer.Tests.JsonPath;

public sealed class GoTextTests
{
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1.0, "1")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(0.0, "0")]
    [InlineData(1e21, "1e+21")]
    public void FormatFloat_MatchesGoPercentV(double value, string expected)
    {
        Assert.Equal(expected, GoText.FormatFloat(value));
    }

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(0.5, "0.5")]
    public void FormatJsonFloat_MatchesGoEncodingJson(double value, string expected)
    {
        Assert.Equal(expected, GoText.FormatJsonFloat(value));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quote\"back\\slash", "\"quote\\\"back\\\\slash\"")]
    [InlineData("tab\tnew\nline", "\"tab\\tnew\\nline\"")]
    [InlineData("bell\u0007", "\"bell\\a\"")]
    [InlineData("nul\u0001", "\"nul\\x01\"")]
    [InlineData("ünïcödé", "\"ünïcödé\"")]
    [InlineData("zero\u200bwidth", "\"zero\\u200bwidth\"")]
    public void Quote_MatchesStrconvQuote(string value, string expected)
    {
        Assert.Equal(expected, GoText.Quote(value));
    }

    [Fact]
    public void GoSyntax_PrintsMapsAsGoDoes()
    {
        var value = JsonNode.Parse("""{"name":"x","port":80,"ratio":0.5,"on":true,"none":null,"list":["a",1]}""");
        Assert.Equal(
            "map[string]interface {}{\"list\":[]interface {}{\"a\", 1}, \"name\":\"x\", \"none\":interface {}(nil), \"on\":true, \"port\":80, \"ratio\":0.5}",
            GoText.GoSyntax(value));
    }

    [Fact]
    public void Marshal_SortsKeysAndEscapesHtml()
    {
        var value = JsonNode.Parse("""{"b":"<x&y>","a":[1,2.5,1.0]}""");
        Assert.Equal("{\"a\":[1,2.5,1],\"b\":\"\\u003cx\\u0026y\\u003e\"}", GoText.Marshal(value));
    }

    [Fact]
    [Trait("Category", "Property")]
    public void FormatFloat_RoundTrips_ForAnyFiniteDouble()
    {
        PropertyRun.ForAll(Gen.Double.Where(d => double.IsFinite(d)), d =>
        {
            var text = GoText.FormatFloat(d);
            Assert.Equal(d, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        });
    }
}
