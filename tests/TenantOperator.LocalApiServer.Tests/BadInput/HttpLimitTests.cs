using System.Text;
using TenantOperator.LocalApiServer.Tests.Fuzz;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>
/// The HTTP limits are kube-apiserver's (1 MiB of request line and headers, any number of headers), and
/// what Kestrel refuses before the application sees it still answers with a Status body.
/// </summary>
public sealed class HttpLimitTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ARequestLineOverTheLimit_Is414_WithAStatus()
    {
        var response = await SendAsync(Encoding.ASCII.GetBytes($"GET /api/v1/namespaces?x={new string('a', 1_100_000)} HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.Equal(414, response.Code);
        Assert.Equal(["application/json"], response.HeaderValues("Content-Type"));
        Assert.Equal("Status", (string?)response.Json!["kind"]);
        Assert.Equal(414, (int?)response.Json["code"]);
        Assert.Contains("longer than 1052672 bytes", (string?)response.Json["message"]);
    }

    [Fact]
    public async Task HeadersOverTheLimit_Are431_WithAStatus()
    {
        var response = await SendAsync(Encoding.ASCII.GetBytes($"GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 1_100_000)}\r\n\r\n"));

        Assert.Equal(431, response.Code);
        Assert.Equal("Status", (string?)response.Json!["kind"]);
        Assert.Equal(431, (int?)response.Json["code"]);
    }

    [Fact]
    public async Task AMalformedRequest_Is400_WithAStatus()
    {
        var response = await SendAsync("GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"u8.ToArray());

        Assert.Equal(400, response.Code);
        Assert.Equal("BadRequest", (string?)response.Json!["reason"]);
    }

    [Fact]
    public async Task AMalformedChunkedBody_Is400_WithAStatus()
    {
        var response = await SendAsync("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"u8.ToArray());

        Assert.Equal(400, response.Code);
        Assert.Equal("Status", (string?)response.Json!["kind"]);
    }

    [Fact]
    public async Task LongRequestLinesAndManyHeadersUnderTheLimit_AreServed()
    {
        var headers = Enumerable.Range(0, 500).Select(i => $"X-Header-{i}: value");
        var request = RawHttp.Request("GET", $"/api/v1/namespaces?labelSelector=a%20notin%20({string.Join(",", Enumerable.Range(0, 5000).Select(i => $"v{i}"))})", extraHeaders: headers);

        var response = await SendAsync(request);

        Assert.Equal(200, response.Code);
        Assert.Equal("NamespaceList", (string?)response.Json!["kind"]);
    }

    private Task<RawResponse> SendAsync(byte[] request) => RawHttp.SendAsync(_h.Server, request, TimeSpan.FromSeconds(60));
}
