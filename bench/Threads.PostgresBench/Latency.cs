namespace Threads.PostgresBench;

/// <summary>Latency samples summarized, in microseconds.</summary>
internal readonly record struct Latency(double Mean, double P50, double P99)
{
    public static Latency Of(double[] samples)
    {
        var sorted = samples.Order().ToArray();
        return new Latency(sorted.Average(), sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }
}
