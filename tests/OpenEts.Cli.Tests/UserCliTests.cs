// Credentials on the server's host: a first password given by `user add` that the person replaces before its first session
// (under the setup regulator's own name too), a password set (and a lockout cleared) by `user password`, keys listed and revoked
// by `user keys` / `user revoke-key`; and a command that writes is refused, with nothing written, while another process
// (a running server) writes the journal (reading goes on) and wherever file locking is turned off.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Registry;
using OpenEts.Server;
using OpenEts.Server.Identity;

namespace OpenEts.Cli.Tests;

public sealed class UserCliTests
{
    private const string Password = "correct horse battery staple";

    private readonly string _dir = CliRunner.TempDir();

    private CliResult Run(params string[] args) => CliRunner.Run(args, _dir);

    private JsonElement Json(params string[] args) => CliRunner.Json(_dir, args);

    [Fact]
    public async Task User_password_sets_a_password_and_clears_a_lockout_and_keys_are_listed_and_revoked_by_id()
    {
        Assert.Equal(0, CliRunner.Run(["--db", "m.db", "user", "add", "alice", "--role", "investor", "--password-stdin"], _dir, Password + "\n").ExitCode);
        var key = Json("--db", "m.db", "user", "key", "bot", "--role", "investor").GetProperty("key").GetString()!;
        var keyId = ApiKeys.KeyIdOf(key)!;
        var db = Path.Combine(_dir, "m.db");

        // Alice chose her own password (the host's was temporary), then was locked out, as five failed logins on the server would.
        using (var market = await MarketRuntime.OpenAsync(db))
        {
            Assert.True(await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users["alice"].MustChangePassword));
            Assert.Null(await market.SetPasswordAsync("alice", Password, actor: "alice"));
            Assert.False(await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users["alice"].MustChangePassword));
            for (var i = 0; i < IdentityModule.MaxFailures; i++)
                await market.SubmitAsync($"fail-{i}", IdentityModule.LoginActor, new RecordLoginFailure("alice"));
            Assert.NotNull(await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users["alice"].LockedUntil));
        }

        var weak = CliRunner.Run(["--db", "m.db", "user", "password", "alice", "--password-stdin"], _dir, "short\n");
        Assert.Equal(1, weak.ExitCode);
        Assert.StartsWith("weak_password:", weak.Stderr, StringComparison.Ordinal);
        var nobody = CliRunner.Run(["--db", "m.db", "user", "password", "nobody", "--password-stdin"], _dir, Password + "\n");
        Assert.Equal(1, nobody.ExitCode);
        Assert.StartsWith("unknown_user:", nobody.Stderr, StringComparison.Ordinal);
        const string reset = "a reset long passphrase";
        Assert.Equal(0, CliRunner.Run(["--db", "m.db", "user", "password", "alice", "--password-stdin"], _dir, reset + "\n").ExitCode);
        using (var market = await MarketRuntime.OpenAsync(db))
        {
            var alice = await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users["alice"]);
            Assert.Null(alice.LockedUntil);
            Assert.Equal(0, alice.Failures);
            Assert.True(PasswordHashing.Verify(reset, alice.PasswordHash));
            Assert.False(PasswordHashing.Verify(Password, alice.PasswordHash));
            // Chosen on the host for alice, it is temporary: she picks her own before her next session.
            Assert.True(alice.MustChangePassword);
        }

        var listed = Json("--db", "m.db", "user", "keys", "bot").GetProperty("keys");
        Assert.Equal(keyId, listed.EnumerateArray().Single().GetProperty("key_id").GetString());
        Assert.False(listed[0].GetProperty("revoked").GetBoolean());
        Assert.DoesNotContain(key, Run("--db", "m.db", "user", "keys").Stdout, StringComparison.Ordinal);
        Assert.True(Json("--db", "m.db", "user", "revoke-key", keyId).GetProperty("revoked").GetBoolean());
        Assert.True(Json("--db", "m.db", "user", "keys", "bot").GetProperty("keys")[0].GetProperty("revoked").GetBoolean());
        var again = Run("--db", "m.db", "user", "revoke-key", keyId);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("api_key_revoked:", again.Stderr, StringComparison.Ordinal);
        var malformed = Run("--db", "m.db", "user", "revoke-key", "oets_whole_key");
        Assert.Equal(1, malformed.ExitCode);
        Assert.StartsWith("invalid_id:", malformed.Stderr, StringComparison.Ordinal);
        // A mistyped path is refused, not made into a new market.
        foreach (string[] args in (string[][])[["user", "keys"], ["user", "revoke-key", keyId], ["user", "password", "alice", "--password-stdin"]])
        {
            var typo = CliRunner.Run(["--db", "n.db", .. args], _dir, Password + "\n");
            Assert.Equal(2, typo.ExitCode);
            Assert.StartsWith("no_database:", typo.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_dir, "n.db")), string.Join(' ', args));
        }
    }

    [Fact]
    public async Task User_add_gives_a_temporary_password_even_under_the_setup_regulators_name_and_the_served_market_asks_for_the_persons_own()
    {
        // A market's first logins, as the README's first steps make them: on the host, before serving.
        var alice = CliRunner.Run(["--db", "m.db", "user", "add", "alice", "--role", "regulator", "--password-stdin", "--json"], _dir, Password + "\n");
        Assert.True(alice.ExitCode == 0, alice.Stderr);
        Assert.True(JsonDocument.Parse(alice.Stdout).RootElement.GetProperty("must_change_at_login").GetBoolean());
        // The host acts as the setup regulator, so under that name it is the actor too: the password is marked temporary still.
        var own = CliRunner.Run(["--db", "m.db", "user", "add", MarketSetup.Regulator, "--role", "regulator", "--password-stdin"], _dir, Password + "\n");
        Assert.True(own.ExitCode == 0, own.Stderr);
        Assert.Contains("temporary", own.Stdout, StringComparison.Ordinal);
        var db = Path.Combine(_dir, "m.db");
        using (var market = await MarketRuntime.OpenAsync(db))
        {
            foreach (var name in new[] { "alice", MarketSetup.Regulator })
                Assert.True(await market.Engine.QueryAsync(w => w.Get<IdentityState>().Users[name].MustChangePassword), name);
        }

        // Served, the first login opens no session until alice chooses her own password; then hers does.
        var app = await ServerHost.BuildAppAsync(db, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using (var first = await http.PostAsJsonAsync("/api/session", new { name = "alice", password = Password }))
            {
                Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
                Assert.Equal("password_change_required", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            }
            const string hers = "alice's own passphrase";
            using (var changed = await http.PutAsJsonAsync("/api/users/alice/password", new { password = hers, current_password = Password }))
                Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
            using (var session = await http.PostAsJsonAsync("/api/session", new { name = "alice", password = hers }))
                Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void A_command_that_writes_is_refused_while_another_process_writes_the_journal_and_reading_goes_on()
    {
        Assert.Equal(0, Run("init", "--db", "m.db").ExitCode);
        Assert.Equal(0, Run("--db", "m.db", "account", "open", "I1", "--holder", "inv-1").ExitCode);
        var head = Json("--db", "m.db", "verify").GetProperty("last_seq").GetInt64();
        // This test process stands for a running server: it holds the journal's writer claim.
        using (var server = new SqliteJournal(Path.Combine(_dir, "m.db")))
        {
            server.Open();
            server.ClaimWriter();
            var write = Run("--db", "m.db", "account", "open", "I2", "--holder", "inv-2");
            Assert.Equal(2, write.ExitCode);
            Assert.StartsWith("journal_in_use:", write.Stderr, StringComparison.Ordinal);
            Assert.Contains("running server", write.Stderr, StringComparison.Ordinal);
            var key = Run("--db", "m.db", "user", "key", "bot", "--role", "investor");
            Assert.Equal(2, key.ExitCode);
            Assert.StartsWith("journal_in_use:", key.Stderr, StringComparison.Ordinal);
            // Reading goes on beside it, and nothing was written.
            Assert.Equal(0, Run("--db", "m.db", "account", "list").ExitCode);
            Assert.Equal(head, Json("--db", "m.db", "verify").GetProperty("last_seq").GetInt64());
        }
        // A process with .NET's file locking turned off could not keep a second writer out: it writes nothing.
        var unlocked = CliRunner.Run(["--db", "m.db", "account", "open", "I2", "--holder", "inv-2"], _dir,
            environment: new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "True" });
        Assert.Equal(2, unlocked.ExitCode);
        Assert.StartsWith("journal_in_use:", unlocked.Stderr, StringComparison.Ordinal);
        Assert.Contains("File locking is turned off", unlocked.Stderr, StringComparison.Ordinal);
        // With the writer gone, the same command writes.
        Assert.Equal(0, Run("--db", "m.db", "account", "open", "I2", "--holder", "inv-2").ExitCode);
        Assert.Equal(head + 1, Json("--db", "m.db", "verify").GetProperty("last_seq").GetInt64());
    }
}
