using k8s.Models;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

public sealed class TransformingListWatchSourceTests
{
    [Fact]
    public async Task ListedObjects_PassThroughTheTransform_PageTokensUnchanged()
    {
        var inner = new ScriptedListWatch<V1Namespace>().Page("7", "next", Ns("a"), Ns("b"));
        var source = new TransformingListWatchSource<V1Namespace>(inner, Mark);

        var page = await source.ListAsync(new ListPageRequest(500, null), CancellationToken.None);

        Assert.Equal(["a", "b"], page.Items.Select(n => n.Metadata.Name));
        Assert.All(page.Items, n => Assert.Equal("yes", n.Metadata.Labels["transformed"]));
        Assert.Equal(("7", "next"), (page.ResourceVersion, page.Continue));
    }

    [Fact]
    public async Task WatchedObjects_PassThroughTheTransform_BookmarksAndErrorsDoNot()
    {
        var inner = new ScriptedListWatch<V1Namespace>().Watch(
            WatchStep.Added(Ns("a")), WatchStep.Modified(Ns("a")), WatchStep.Deleted(Ns("a")), WatchStep.Bookmark("9"), WatchStep.Expired());
        var source = new TransformingListWatchSource<V1Namespace>(inner, Mark);

        var events = new List<ResourceWatchEvent<V1Namespace>>();
        await foreach (var e in source.WatchAsync(new WatchRequest("7", 60), CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal([WatchEventKind.Added, WatchEventKind.Modified, WatchEventKind.Deleted, WatchEventKind.Bookmark, WatchEventKind.Error], events.Select(e => e.Kind));
        Assert.All(events.Take(3), e => Assert.Equal("yes", e.Object!.Metadata.Labels["transformed"]));
        Assert.Null(events[3].Object!.Metadata.Labels);
        Assert.True(events[4].IsExpired);
    }

    private static V1Namespace Ns(string name) => new() { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1" } };

    private static V1Namespace Mark(V1Namespace ns)
    {
        ns.Metadata.Labels = new Dictionary<string, string> { ["transformed"] = "yes" };
        return ns;
    }
}
