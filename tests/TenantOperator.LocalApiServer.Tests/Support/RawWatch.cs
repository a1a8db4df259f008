using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>A watch read line by line over raw HTTP, to pin the wire format.</summary>
public sealed class RawWatch : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private RawWatch(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public List<string> RawLines { get; } = [];

    public static async Task<RawWatch> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        return new RawWatch(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server closed the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var line = await _reader.ReadLineAsync(cancel.Token);
        if (line is null)
        {
            return null;
        }

        RawLines.Add(line);
        return JsonNode.Parse(line)!.AsObject();
    }

    public async Task<List<JsonObject>> NextAsync(int count)
    {
        var events = new List<JsonObject>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync() ?? throw new Xunit.Sdk.XunitException($"stream closed after {i} events"));
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
