using Threads.Grains;
using Threads.Grains.Http;

namespace Threads.Silo.Tests.Apis;

/// <summary>The one map between problem codes and statuses, which the silo writes by and the client reads by.</summary>
public sealed class ProblemStatusTests
{
    public static TheoryData<string, int> ContractCodes => new()
    {
        { ErrorCodes.InvalidArgument, 400 },
        { ErrorCodes.Unauthorized, 401 },
        { ErrorCodes.Forbidden, 403 },
        { ErrorCodes.NotFound, 404 },
        { ErrorCodes.Conflict, 409 },
        { ErrorCodes.PreconditionFailed, 412 },
        { ErrorCodes.PayloadTooLarge, 413 },
        { ErrorCodes.SchemaViolation, 422 },
        { ErrorCodes.Locked, 423 },
        { ErrorCodes.RateLimited, 429 },
        { ErrorCodes.Unavailable, 503 },
        { ErrorCodes.StorageFull, 507 },
    };

    [Theory]
    [MemberData(nameof(ContractCodes))]
    public void OfAndCodeOf_ContractCode_RoundTrip(string code, int status)
    {
        Assert.Equal(status, ProblemStatus.Of(code));
        Assert.Equal(code, ProblemStatus.CodeOf(status));
    }

    [Fact]
    public void Of_AlreadyExists_Is409LikeConflict() => Assert.Equal(409, ProblemStatus.Of(ErrorCodes.AlreadyExists));

    [Fact]
    public void Of_UnknownCode_Is500() => Assert.Equal(500, ProblemStatus.Of("no_such_code"));

    [Theory]
    [InlineData(405)]
    [InlineData(418)]
    [InlineData(502)]
    public void CodeOf_StatusOutsideTheContract_IsNull(int status) => Assert.Null(ProblemStatus.CodeOf(status));
}
