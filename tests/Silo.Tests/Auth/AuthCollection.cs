namespace Threads.Silo.Tests.Auth;

/// <summary>The tests that share <see cref="AuthClusterFixture"/>'s cluster.</summary>
[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AuthClusterFixture>
{
    public const string Name = "auth";
}
