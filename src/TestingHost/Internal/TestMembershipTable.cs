using System.Globalization;
using Orleans.Messaging;

namespace Threads.TestingHost.Internal;

/// <summary>
/// Orleans' membership for the silos of one test cluster, in memory: any silo can stop, crash or restart (no silo is
/// the primary that the others depend on), and the cluster client reads its gateways from the same rows.
/// </summary>
internal sealed class TestMembershipTable : IMembershipTable, IGatewayListProvider
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> _rows = [];
    private TableVersion _version = new(0, "0");
    private long _etags;

    public TimeSpan MaxStaleness => TimeSpan.Zero;

    public bool IsUpdatable => true;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => Task.CompletedTask;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task DeleteMembershipTableEntries(string clusterId)
    {
        lock (_lock)
        {
            _rows.Clear();
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row)
                ? new MembershipTableData(Tuple.Create(Copy(row.Entry), row.ETag), _version)
                : new MembershipTableData(_version));
        }
    }

    public Task<MembershipTableData> ReadAll()
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableData([.. _rows.Values.Select(static r => Tuple.Create(Copy(r.Entry), r.ETag))], _version));
        }
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        lock (_lock)
        {
            if (_rows.ContainsKey(entry.SiloAddress) || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = (Copy(entry), NextETag());
            _version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.SiloAddress, out var row) || row.ETag != etag || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = (Copy(entry), NextETag());
            _version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAlive(MembershipEntry entry)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.SiloAddress, out var row))
            {
                var updated = Copy(row.Entry);
                updated.IAmAliveTime = entry.IAmAliveTime;
                _rows[entry.SiloAddress] = (updated, NextETag());
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        lock (_lock)
        {
            foreach (var (address, row) in _rows.ToList())
            {
                if (row.Entry.Status != SiloStatus.Active && row.Entry.IAmAliveTime < beforeDate.UtcDateTime)
                {
                    _rows.Remove(address);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IList<Uri>> GetGateways()
    {
        lock (_lock)
        {
            IList<Uri> gateways = [.. _rows.Values
                .Where(static r => r.Entry.Status == SiloStatus.Active && r.Entry.ProxyPort != 0)
                .Select(static r => SiloAddress.New(r.Entry.SiloAddress.Endpoint.Address, r.Entry.ProxyPort, r.Entry.SiloAddress.Generation).ToGatewayUri())];
            return Task.FromResult(gateways);
        }
    }

    /// <summary>A row's own copy: Orleans changes the entries it is given and read.</summary>
    private static MembershipEntry Copy(MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    };

    private string NextETag() => (++_etags).ToString(CultureInfo.InvariantCulture);
}
