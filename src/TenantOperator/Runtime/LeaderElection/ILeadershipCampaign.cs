namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// One campaign for leadership: wait until the lease is ours, lead while it is renewed, return when it
/// is lost or the token is cancelled. <see cref="KubernetesLeadershipCampaign"/> is the real one;
/// tests script a fake.
/// </summary>
public interface ILeadershipCampaign
{
    /// <summary>This candidate's identity in the lease.</summary>
    string Identity { get; }

    /// <summary>Runs the campaign; calls <paramref name="callbacks"/> as leadership starts, stops, and the observed leader changes.</summary>
    Task RunAsync(LeadershipCallbacks callbacks, CancellationToken cancellationToken);
}

/// <summary>What a campaign reports.</summary>
/// <param name="StartedLeading">This instance now holds the lease.</param>
/// <param name="StoppedLeading">This instance no longer holds it (also called when the campaign ends without ever leading).</param>
/// <param name="NewLeader">Another holder (or this one) was observed.</param>
public sealed record LeadershipCallbacks(Action StartedLeading, Action StoppedLeading, Action<string> NewLeader);
