// The server opens its engine with room in its index of command ids for the commands the market expects
// (ServerOptions.ExpectedCommands, serve --expected-commands), and with none beyond its journal's by default.
using static OpenEts.Server.Tests.ServerUnderTest;

namespace OpenEts.Server.Tests;

public sealed class ExpectedCommandsTests
{
    [Fact]
    public async Task The_engine_is_opened_with_room_for_the_expected_commands()
    {
        await using var sized = await StartAsync(new SqliteSource(), seed: false, options: new ServerOptions { FourEyes = false, ExpectedCommands = 40_000 });
        await using var plain = await StartAsync(new SqliteSource(), seed: false, options: new ServerOptions { FourEyes = false });

        Assert.InRange(sized.Market.Engine.CommandIndexCapacity, 40_000, 50_000);
        Assert.InRange(plain.Market.Engine.CommandIndexCapacity, 0, 10_000);
    }
}
