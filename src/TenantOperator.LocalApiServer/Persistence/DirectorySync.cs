using System.Runtime.InteropServices;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// fsync of a directory, which makes the files created, renamed and removed in it durable. .NET has no API
/// for it (it refuses to open a directory as a file), so on Unix this calls libc. Windows has no
/// equivalent: NTFS journals its metadata itself.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk; false where the platform or file system cannot.</summary>
    public static bool TryFlush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        int descriptor;
        try
        {
            descriptor = Open(directory, ReadOnly);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (descriptor < 0)
        {
            throw new IOException($"cannot open the directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            // EINVAL: this file system does not sync directories; there is nothing more to do.
            return errno == InvalidArgument
                ? false
                : throw new IOException($"flushing the directory {directory} failed (errno {errno})");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
