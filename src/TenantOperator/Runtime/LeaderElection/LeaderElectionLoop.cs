using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// Campaigns for the lease again and again: while this instance leads, it runs the given work with a
/// token that is cancelled the moment leadership is lost; after a loss it waits one retry period and
/// campaigns again; on shutdown (the token of <see cref="RunAsync"/>) it stops the work and, if it
/// was leading, releases the lease. Followers do nothing here, so their informers simply keep
/// their caches warm.
/// </summary>
/// <remarks>
/// If the work fails while leading, the instance steps down (and releases the lease) so that a
/// healthy one can lead, then campaigns again. For a drain on SIGTERM, let the work finish by itself
/// first (shut the work queue down so that in-flight reconciles complete), then cancel the token.
/// </remarks>
public sealed class LeaderElectionLoop
{
    private readonly ILeadershipCampaign _campaign;
    private readonly ILeaseReleaser? _releaser;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LeaderElectionMetrics? _metrics;
    private readonly Lock _lock = new();
    private volatile bool _isLeader;
    private volatile string? _leader;

    /// <summary>Creates the loop.</summary>
    /// <param name="campaign">One campaign for the lease (KubernetesClient's elector, or a fake).</param>
    /// <param name="releaser">Releases the lease on shutdown; null to let it expire.</param>
    /// <param name="options">Timings and identity.</param>
    /// <param name="timeProvider">Clock for the wait between campaigns.</param>
    /// <param name="logger">Where leadership changes are logged.</param>
    /// <param name="metrics">Leader status gauge; null for none.</param>
    public LeaderElectionLoop(
        ILeadershipCampaign campaign,
        ILeaseReleaser? releaser,
        LeaderElectionOptions options,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        LeaderElectionMetrics? metrics = null)
    {
        _campaign = campaign ?? throw new ArgumentNullException(nameof(campaign));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _releaser = options.ReleaseOnShutdown ? releaser : null;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>True while this instance holds the lease.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder last observed in the lease, if any.</summary>
    public string? CurrentLeader => _leader;

    /// <summary>Raised with true when this instance starts leading, with false when it stops.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Campaigns until <paramref name="cancellationToken"/> is cancelled, running <paramref name="whileLeading"/> during each term.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        _metrics?.Campaigning(_options.LeaseName);
        while (!cancellationToken.IsCancellationRequested)
        {
            var led = await CampaignOnceAsync(whileLeading, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                if (led)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }

                return;
            }

            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // One term (or an attempt at one). Returns whether this instance led during it.
    private async Task<bool> CampaignOnceAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        using var campaignCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationTokenSource? term = null;
        Task? work = null;
        var led = false;
        var termOver = false;

        void Started()
        {
            lock (_lock)
            {
                if (campaignCts.IsCancellationRequested || term is not null)
                {
                    return;
                }

                term = CancellationTokenSource.CreateLinkedTokenSource(campaignCts.Token);
                led = true;
                SetLeader(true);
                var token = term.Token;
                work = Task.Run(() => whileLeading(token), CancellationToken.None);
                _ = work.ContinueWith(
                    t =>
                    {
                        _logger.LogError(t.Exception, "The work of the leader {Identity} failed; stepping down", _campaign.Identity);
                        campaignCts.Cancel();
                    },
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        void Stopped()
        {
            lock (_lock)
            {
                // Once per term. Not "term already cancelled": on shutdown, or when the work fails, the
                // term's token is cancelled through the campaign's token before this runs, and the
                // instance must still report that it no longer leads.
                if (term is null || termOver)
                {
                    return;
                }

                termOver = true;

                // Stop the work first: from here on another instance may lead.
                term.Cancel();
                SetLeader(false);
            }
        }

        void NewLeader(string identity)
        {
            _leader = identity;
            _logger.LogInformation("Leader of lease {Namespace}/{Lease} is now {Identity}", _options.LeaseNamespace, _options.LeaseName, identity);
        }

        try
        {
            await _campaign.RunAsync(new LeadershipCallbacks(Started, Stopped, NewLeader), campaignCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (campaignCts.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed campaign (API server unreachable, say) is logged and tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Campaign for lease {Namespace}/{Lease} failed; trying again in {RetryPeriod}",
                _options.LeaseNamespace, _options.LeaseName, _options.RetryPeriod);
        }
        finally
        {
            Stopped();
        }

        if (work is not null)
        {
            try
            {
                await work.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Already logged by the continuation; the loop goes on.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        term?.Dispose();

        // Stepping down after a failure of the work also frees the lease for a healthy instance.
        if (led && !cancellationToken.IsCancellationRequested && campaignCts.IsCancellationRequested)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        return led;
    }

    private void SetLeader(bool isLeader)
    {
        _isLeader = isLeader;
        if (isLeader)
        {
            _leader = _campaign.Identity;
        }

        _metrics?.SetLeader(_options.LeaseName, isLeader);
        _logger.LogInformation("{Identity} {Change} leading lease {Namespace}/{Lease}",
            _campaign.Identity, isLeader ? "started" : "stopped", _options.LeaseNamespace, _options.LeaseName);
        LeadershipChanged?.Invoke(isLeader);
    }

    private async Task ReleaseAsync()
    {
        if (_releaser is null)
        {
            return;
        }

        // Shutdown has cancelled the caller's token; the release gets its own short deadline instead.
        using var deadline = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var released = await _releaser.ReleaseAsync(deadline.Token).ConfigureAwait(false);
            if (released)
            {
                _logger.LogInformation("Released lease {Namespace}/{Lease}", _options.LeaseNamespace, _options.LeaseName);
            }
            else
            {
                _logger.LogInformation("Lease {Namespace}/{Lease} was no longer ours to release", _options.LeaseNamespace, _options.LeaseName);
            }
        }
#pragma warning disable CA1031 // Failing to release only means the follower waits for the lease to expire.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Could not release lease {Namespace}/{Lease}; it will expire after {LeaseDuration}",
                _options.LeaseNamespace, _options.LeaseName, _options.LeaseDuration);
        }
    }
}
