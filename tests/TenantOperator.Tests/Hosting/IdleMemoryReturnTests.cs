using Microsoft.Extensions.Time.Testing;
using TenantOperator.Hosting;

namespace TenantOperator.Tests.Hosting;

public sealed class IdleMemoryReturnTests
{
    private readonly FakeTimeProvider _time = new();
    private long _allocated;
    private bool _idle;
    private int _returns;

    private long _unusedRoom;

    private IdleMemoryReturn Start()
    {
        var idleReturn = new IdleMemoryReturn(() => _idle, () => _allocated, () => _returns++, _time, () => _unusedRoom);
        idleReturn.Start();
        return idleReturn;
    }

    [Fact]
    public void AfterMuchWork_MemoryIsReturnedOnce_WhenTheQueueHasBeenEmptyAtTwoChecksInARow()
    {
        using var idleReturn = Start();
        _allocated += IdleMemoryReturn.AllocationThreshold;

        _time.Advance(IdleMemoryReturn.CheckPeriod); // busy
        _idle = true;
        _time.Advance(IdleMemoryReturn.CheckPeriod); // idle once: not yet
        Assert.Equal(0, _returns);

        _time.Advance(IdleMemoryReturn.CheckPeriod); // idle twice
        Assert.Equal(1, _returns);

        _time.Advance(IdleMemoryReturn.CheckPeriod * 10); // still idle, nothing allocated since
        Assert.Equal(1, _returns);
    }

    [Fact]
    public void SteadyWork_NeverIdleAtTwoChecksInARow_ReturnsNothing()
    {
        using var idleReturn = Start();
        for (var i = 0; i < 10; i++)
        {
            _allocated += IdleMemoryReturn.AllocationThreshold;
            _idle = i % 2 == 0;
            _time.Advance(IdleMemoryReturn.CheckPeriod);
        }

        Assert.Equal(0, _returns);
    }

    [Fact]
    public void RestingAfterLittleAllocation_ReturnsNothing()
    {
        using var idleReturn = Start();
        _idle = true;
        _allocated = IdleMemoryReturn.AllocationThreshold - 1;

        _time.Advance(IdleMemoryReturn.CheckPeriod * 5);

        Assert.Equal(0, _returns);
    }

    [Fact]
    public void BusyWork_ReturnsMemory_WhenMuchWasAllocatedAndTheHeapHoldsMuchUnusedRoom()
    {
        using var idleReturn = Start();
        _unusedRoom = IdleMemoryReturn.IdleRoomThreshold;
        _allocated += IdleMemoryReturn.BusyAllocationThreshold - 1;
        _time.Advance(IdleMemoryReturn.CheckPeriod); // busy, not enough allocated yet
        Assert.Equal(0, _returns);

        _allocated += 1;
        _time.Advance(IdleMemoryReturn.CheckPeriod);
        Assert.Equal(1, _returns);

        _time.Advance(IdleMemoryReturn.CheckPeriod * 3); // nothing allocated since
        Assert.Equal(1, _returns);
    }

    [Fact]
    public void BusyWork_WithLittleUnusedRoom_ReturnsNothing()
    {
        using var idleReturn = Start();
        _unusedRoom = IdleMemoryReturn.IdleRoomThreshold - 1;
        for (var i = 0; i < 10; i++)
        {
            _allocated += IdleMemoryReturn.BusyAllocationThreshold;
            _time.Advance(IdleMemoryReturn.CheckPeriod);
        }

        Assert.Equal(0, _returns);
    }
}
