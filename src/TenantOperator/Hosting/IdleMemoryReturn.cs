namespace TenantOperator.Hosting;

/// <summary>
/// Gives memory back to the system when the operator rests after much work. The garbage collector returns the room it
/// freed only as it collects, and a resting operator allocates next to nothing, so after a burst of work (a cold start,
/// a fan-out, hundreds of new namespaces) the process would keep its busiest size until the next burst. So when the
/// work queue has been empty at two checks in a row and at least <see cref="AllocationThreshold"/> bytes were allocated
/// since the last return, one compacting collection returns the free room (docs/PERFORMANCE.md, "Operator at scale").
/// Waiting for two quiet checks keeps the pause out of steady streams of small work, such as namespaces arriving one
/// at a time. Long busy stretches (a cold start writing 56,000 policies for ten minutes, hundreds of namespaces back
/// to back) never rest, so there memory is also returned when the heap holds more than <see cref="IdleRoomThreshold"/>
/// of room it does not use and <see cref="BusyAllocationThreshold"/> bytes were allocated since the last return: at most
/// one pause per check, only while the room is really there (docs/PERFORMANCE.md, "Memory at 10,000 namespaces").
/// </summary>
/// <param name="idle">Whether the work queue is empty now.</param>
/// <param name="allocatedBytes">Bytes allocated by the process so far.</param>
/// <param name="returnMemory">One compacting collection that gives the free room back.</param>
/// <param name="time">The clock of the checks.</param>
/// <param name="unusedRoom">Bytes the heap holds beyond its live objects, as the last collection left it; none when not given.</param>
internal sealed class IdleMemoryReturn(Func<bool> idle, Func<long> allocatedBytes, Action returnMemory, TimeProvider time, Func<long>? unusedRoom = null) : IDisposable
{
    /// <summary>How often the queue is looked at.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(15);

    /// <summary>How much allocation since the last return makes another one worth its pause.</summary>
    public const long AllocationThreshold = 256L * 1024 * 1024;

    /// <summary>How much allocation since the last return makes one worth its pause while the operator is busy.</summary>
    public const long BusyAllocationThreshold = 512L * 1024 * 1024;

    /// <summary>How much unused room in the heap makes a return worth its pause while the operator is busy.</summary>
    public const long IdleRoomThreshold = 32L * 1024 * 1024;

    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _allocatedAtLastReturn;
    private bool _idleAtLastCheck;

    /// <summary>Starts checking; what was allocated so far counts as returned.</summary>
    public void Start()
    {
        _allocatedAtLastReturn = allocatedBytes();
        _timer = time.CreateTimer(_ => Check(), null, CheckPeriod, CheckPeriod);
    }

    /// <summary>One check: returns memory when the queue was idle now and at the previous check, after enough allocation.</summary>
    internal void Check()
    {
        lock (_lock)
        {
            var idleNow = idle();
            var rested = idleNow && _idleAtLastCheck;
            _idleAtLastCheck = idleNow;
            var allocated = allocatedBytes() - _allocatedAtLastReturn;
            var roomy = allocated >= BusyAllocationThreshold && (unusedRoom?.Invoke() ?? 0) >= IdleRoomThreshold;
            if ((rested && allocated >= AllocationThreshold) || roomy)
            {
                returnMemory();
                _allocatedAtLastReturn = allocatedBytes();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
