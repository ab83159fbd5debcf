// serve's own input checks: a bad collector address or capacity is refused before any database is opened.
namespace OpenEts.Cli.Tests;

public sealed class ServeCliTests
{
    [Theory]
    [InlineData("--otlp", "ftp://collector:4318", "--otlp must be an http(s) URL")]
    [InlineData("--otlp", "not a url", "--otlp must be an http(s) URL")]
    [InlineData("--expected-commands", "-1", "--expected-commands must be between 0 and 100,000,000")]
    [InlineData("--expected-commands", "100000001", "--expected-commands must be between 0 and 100,000,000")]
    [InlineData("--expected-orders", "-1", "--expected-orders must be between 0 and 100,000,000")]
    [InlineData("--expected-orders", "100000001", "--expected-orders must be between 0 and 100,000,000")]
    public void A_bad_setting_is_bad_input_and_creates_nothing(string option, string value, string message)
    {
        var dir = CliRunner.TempDir();

        var r = CliRunner.Run(["--db", "m.db", "serve", option, value], dir);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "m.db")));
    }
}
