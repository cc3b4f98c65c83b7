namespace QiSdk.Tests;

/// <summary>
/// The tests read real FHIR material from <c>../shared</c> beside the repository (README, "Tests"). When it is missing,
/// every test fails with this one message instead of hundreds of DirectoryNotFoundExceptions.
/// </summary>
[SetUpFixture]
public sealed class SharedFixturesCheck
{
    /// <summary>Fails the run at once, saying what is missing and where it was looked for.</summary>
    [OneTimeSetUp]
    public void The_shared_fixtures_are_beside_the_repository()
    {
        string fixtures = TestPaths.Fixture();
        string reference = TestPaths.Reference();
        if (!Directory.Exists(fixtures) || !Directory.Exists(reference))
        {
            Assert.Fail($"The tests need ../shared beside the repository (fixtures/ and reference/), looked for at {TestPaths.Shared}: it is missing. Put the shared folder there (see README, 'Tests').");
        }
    }
}
