namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>
/// A test class's own server, and the real kubectl pointed at it as its cluster admin: started before each test and
/// stopped after it, so the end-to-end classes share one set-up instead of each writing it out.
/// </summary>
public abstract class KubectlAgainstLocalServer : IAsyncLifetime
{
    /// <summary>The running server, with HTTP helpers for requests kubectl does not make.</summary>
    protected ApiServerHarness Harness { get; private set; } = null!;

    /// <summary>The real kubectl, with a kubeconfig for <see cref="Harness"/>'s server.</summary>
    protected Kubectl Kubectl { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Harness = await ApiServerHarness.StartAsync();
        Kubectl = new Kubectl(Harness.Server);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Kubectl.Dispose();
        await Harness.DisposeAsync();
    }
}
