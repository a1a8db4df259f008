using System.Net;
using System.Net.Http.Headers;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>
/// <c>/openapi/v2</c> negotiated as kube-openapi's handler negotiates it: protobuf asked for in the deprecated form
/// (what client-go sends) is answered with the current media type, which Go's mime parser accepts.
/// </summary>
public sealed class OpenApiV2Tests : IAsyncLifetime
{
    private const string Protobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", Protobuf)]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", Protobuf)]
    [InlineData("application/json", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", Protobuf)]
    [InlineData("*/*, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", Protobuf)]
    [InlineData("text/html, application/json;q=0.1", "application/json")]
    public async Task Accept_PicksTheEncodingKubeOpenApiWouldServe(string accept, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Contains("Accept", response.Headers.Vary);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(contentType == Protobuf ? (byte)0x0A : (byte)'{', body[0]);
    }

    [Fact]
    public async Task AcceptOfNothingServed_Is406()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await _h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }
}
