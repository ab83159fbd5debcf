// serve's own input checks: a bad collector address is refused before any database is opened.
namespace OpenEts.Cli.Tests;

public sealed class ServeCliTests
{
    [Theory]
    [InlineData("ftp://collector:4318")]
    [InlineData("not a url")]
    public void A_bad_otlp_address_is_bad_input_and_creates_nothing(string address)
    {
        var dir = CliRunner.TempDir();

        var r = CliRunner.Run(["--db", "m.db", "serve", "--otlp", address], dir);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--otlp must be an http(s) URL", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "m.db")));
    }
}
