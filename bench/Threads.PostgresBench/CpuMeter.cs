using System.Diagnostics;
using System.Globalization;

namespace Threads.PostgresBench;

/// <summary>
/// The CPU time this process and a local PostgreSQL server spend over a window, to say where an operation's cost goes
/// when both share the machine. The server's time is the sum over every process named <c>postgres</c> in /proc, so it
/// reads zero when the server runs elsewhere (or not on Linux).
/// </summary>
internal readonly record struct CpuMeter(TimeSpan Client, TimeSpan Server)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat's times on Linux.

    public static CpuMeter Now() => new(Process.GetCurrentProcess().TotalProcessorTime, ServerTime());

    /// <summary>"client X µs, server Y µs" per operation since <paramref name="start"/>.</summary>
    public string PerOperation(CpuMeter start, long operations)
    {
        var client = (Client - start.Client).TotalMicroseconds / operations;
        var server = (Server - start.Server).TotalMicroseconds / operations;
        return string.Create(CultureInfo.InvariantCulture, $"CPU per op: client {client:0} µs, server {server:0} µs");
    }

    private static TimeSpan ServerTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        double ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // After "pid (comm) ", field 3 is the state; utime and stime are fields 14 and 15.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
