using System.Net;
using k8s;
using k8s.Models;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Tests.Runtime.Events;

/// <summary>A writer that keeps the Events it is given, and fails on demand; other writes are not expected here.</summary>
internal sealed class RecordingEventWriter : IKubernetesWriter
{
    public List<Corev1Event> Created { get; } = [];

    public List<(string Namespace, string Name, string Patch)> Patches { get; } = [];

    public Exception? FailWith { get; set; }

    public bool EventsAreGone { get; set; }

    public Task<Corev1Event> CreateEventAsync(Corev1Event kubernetesEvent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Created.Add(kubernetesEvent);
        return Task.FromResult(kubernetesEvent);
    }

    public Task<Corev1Event> PatchEventAsync(string @namespace, string name, V1Patch patch, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        if (EventsAreGone)
        {
            throw new KubernetesApiException("patch", $"events {@namespace}/{name}", HttpStatusCode.NotFound, new V1Status { Reason = "NotFound" }, "gone", null);
        }

        Patches.Add((@namespace, name, (string)patch.Content));
        return Task.FromResult(new Corev1Event());
    }

    public Task<T> CreateAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> ReplaceAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<bool> DeleteAsync<T>(string @namespace, string name, V1Preconditions? preconditions, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> ReplaceClusterCustomResourceStatusAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<TResult> ExecuteAsync<TResult>(string verb, string resource, Func<IKubernetes, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
