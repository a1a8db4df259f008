using System.Globalization;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// Whether an informer's cache can be trusted. It cannot from the moment the informer knows it missed a change (an
/// event it could not decode) until a list has replaced the cache, nor once its lists and watches have failed for
/// <c>unhealthyAfter</c> with no success in between. A success is a completed list, a watch event or bookmark, a watch
/// that has stayed open a few seconds, or a watch the server ended (it was answering). A quiet watch that is open and
/// failing nothing is healthy, however long it stays quiet, and one failure after a long quiet spell starts the count
/// from that failure. A timer flips the
/// state when the time runs out, so that the owner learns it without asking. Thread-safe: the informer's loop
/// reports, anyone reads.
/// </summary>
public sealed class InformerHealth : IDisposable
{
    private readonly TimeSpan _unhealthyAfter;
    private readonly TimeProvider _time;
    private readonly Action<bool> _changed;
    private readonly Lock _lock = new();
    private readonly Lock _notify = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _failingSince;
    private string? _lastError;
    private UndecodableObject? _missed;
    private bool _timedOut;
    private bool _healthy = true;

    /// <summary>Creates the tracker, healthy until told otherwise.</summary>
    /// <param name="unhealthyAfter">How long failures may go on with no success before the cache is unhealthy.</param>
    /// <param name="time">The clock, and the timer that ends the grace.</param>
    /// <param name="changed">Called with the new state whenever it flips, in order; it must be quick and must not call back.</param>
    public InformerHealth(TimeSpan unhealthyAfter, TimeProvider time, Action<bool> changed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(unhealthyAfter, TimeSpan.Zero);
        _unhealthyAfter = unhealthyAfter;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _changed = changed ?? throw new ArgumentNullException(nameof(changed));
        _timer = time.CreateTimer(_ => TimeRanOut(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True while the cache can be trusted.</summary>
    public bool IsHealthy
    {
        get
        {
            lock (_lock)
            {
                return _healthy;
            }
        }
    }

    /// <summary>When the informer last listed, received an event or a bookmark, or saw the server end a watch; null before that.</summary>
    public DateTimeOffset? LastSuccess
    {
        get
        {
            lock (_lock)
            {
                return _lastSuccess;
            }
        }
    }

    /// <summary>The last failure reported, if any (kept after recovery, for the record).</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>
    /// Why the cache cannot be trusted, for logs, /readyz and the tenants' status; null while healthy. It stays the same
    /// text while the same trouble lasts (the changing detail is in <see cref="LastError"/>), so a status that quotes it
    /// is not rewritten on every failed retry.
    /// </summary>
    public string? Problem
    {
        get
        {
            lock (_lock)
            {
                if (_healthy)
                {
                    return null;
                }

                if (_missed is not null)
                {
                    return $"it could not decode a watch event for {_missed} and is listing again";
                }

                var since = _failingSince!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                return $"its lists and watches have failed since {since}, with no success in between";
            }
        }
    }

    /// <summary>A list completed, a watch delivered an event or a bookmark, or the server ended a watch.</summary>
    /// <param name="listed">True for a completed list: the cache was replaced, so a missed change is in it now.</param>
    public void Succeeded(bool listed)
    {
        lock (_lock)
        {
            _lastSuccess = _time.GetUtcNow();
            if (_failingSince is null && !(listed && _missed is not null))
            {
                return; // the common case, on every watch event: nothing to change
            }

            _failingSince = null;
            _timedOut = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (listed)
            {
                _missed = null;
            }
        }

        Update();
    }

    /// <summary>A list or watch failed; the first failure after a success starts the time.</summary>
    public void Failed(string error)
    {
        lock (_lock)
        {
            _lastError = error;
            if (_failingSince is not null)
            {
                return;
            }

            _failingSince = _time.GetUtcNow();
            _timer.Change(_unhealthyAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The informer could not decode an event: its cache misses a change until the next list.</summary>
    public void MissedEvent(UndecodableObject what)
    {
        lock (_lock)
        {
            _missed = what;
            _lastError = $"undecodable watch event for {what}: {what.Error}";
        }

        Update();
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void TimeRanOut()
    {
        lock (_lock)
        {
            if (_failingSince is null)
            {
                return; // a success came first
            }

            _timedOut = true;
        }

        Update();
    }

    // The loop and the timer may both get here: one at a time, so that the owner hears the flips in their order.
    private void Update()
    {
        lock (_notify)
        {
            bool healthy;
            lock (_lock)
            {
                healthy = _missed is null && !_timedOut;
                if (healthy == _healthy)
                {
                    return;
                }

                _healthy = healthy;
            }

            _changed(healthy);
        }
    }
}
