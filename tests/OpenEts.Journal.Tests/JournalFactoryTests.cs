// What --db accepts: a file path for SQLite, a postgres:// URI or a Host=... string for PostgreSQL.
using Npgsql;
using OpenEts.Core;

namespace OpenEts.Journal.Tests;

public sealed class JournalFactoryTests
{
    [Fact]
    public void A_file_path_is_an_sqlite_journal()
    {
        using var journal = JournalFactory.Open("market.db");

        Assert.IsType<SqliteJournal>(journal);
        Assert.Equal("sqlite:market.db", journal.Description);
        Assert.Equal(Path.GetFullPath("market.db"), ((SqliteJournal)journal).FilePath);
    }

    [Fact]
    public void An_sqlite_prefix_is_allowed()
    {
        using var journal = JournalFactory.Open("sqlite:data/market.db");

        Assert.Equal("sqlite:data/market.db", journal.Description);
    }

    [Fact]
    public void A_postgres_uri_becomes_an_npgsql_connection_string_with_its_parameters()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUri.ToConnectionString(
            "postgres://ets%40ops:s3cr%2Ft@db.example.cn:6543/market_cn?sslmode=verify-full&application_name=openets&connect_timeout=7"));

        Assert.Equal("ets@ops", settings.Username);
        Assert.Equal("s3cr/t", settings.Password);
        Assert.Equal("db.example.cn", settings.Host);
        Assert.Equal(6543, settings.Port);
        Assert.Equal("market_cn", settings.Database);
        Assert.Equal(SslMode.VerifyFull, settings.SslMode);
        Assert.Equal("openets", settings.ApplicationName);
        Assert.Equal(7, settings.Timeout);
    }

    [Fact]
    public void A_uri_without_port_or_user_takes_the_defaults()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresUri.ToConnectionString("postgresql://localhost/ets"));

        Assert.Equal("localhost", settings.Host);
        Assert.Equal(5432, settings.Port);
        Assert.Equal("ets", settings.Database);
        Assert.Null(settings.Username);
    }

    [Fact]
    public void A_uri_may_name_several_hosts_and_ipv6_addresses()
    {
        Assert.Equal("a.example:5432,b.example:5433", new NpgsqlConnectionStringBuilder(PostgresUri.ToConnectionString("postgres://u@a.example:5432,b.example:5433/ets")).Host);
        var v6 = new NpgsqlConnectionStringBuilder(PostgresUri.ToConnectionString("postgres://u@[::1]:5440/ets"));
        Assert.Equal("::1", v6.Host);
        Assert.Equal(5440, v6.Port);
    }

    [Theory]
    [InlineData("postgres://u@host:notaport/db")]
    [InlineData("postgres://u@host:5432/db?sslmode=sometimes")]
    [InlineData("postgres://u@host/db?no_such_setting=1")]
    [InlineData("postgres://u@host/db?sslmode")]
    [InlineData("   ")]
    public void A_malformed_database_argument_is_a_clear_error(string db)
    {
        var ex = Assert.Throws<ArgumentException>(() => JournalFactory.Open(db));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Theory]
    [InlineData("postgres://ets:hunter2@db.example.cn:6543/market?sslmode=require")]
    [InlineData("Host=db.example.cn;Port=6543;Username=ets;Password=hunter2;Database=market")]
    public void A_postgres_journal_describes_itself_without_the_password(string db)
    {
        using var journal = JournalFactory.Open(db);

        Assert.IsType<PostgresJournal>(journal);
        Assert.Equal("postgresql://ets@db.example.cn:6543/market", journal.Description);
        Assert.DoesNotContain("hunter2", journal.Description);
        Assert.True(JournalFactory.IsPostgres(db));
    }

    [Fact]
    public void An_unreachable_postgres_server_is_an_io_error_naming_it_without_the_password()
    {
        using var journal = JournalFactory.Open("postgres://ets:hunter2@127.0.0.1:1/market?connect_timeout=2");

        var ex = Assert.Throws<IOException>(() => journal.Open());

        Assert.Contains("postgresql://ets@127.0.0.1:1/market", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [Fact]
    public void A_path_in_a_missing_directory_is_an_io_error()
    {
        using var journal = JournalFactory.Open(Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "market.db"));

        Assert.Throws<IOException>(() => journal.Open());
    }

    [Fact]
    public void Opening_without_create_refuses_a_missing_file_and_creates_nothing()
    {
        using var store = TestStore.Create(StoreKind.Sqlite);
        using var journal = JournalFactory.Open(store.Db, create: false);

        Assert.Throws<FileNotFoundException>(() => journal.Open());
        Assert.False(File.Exists(store.Db));
    }

    [Theory, OnSqlite, OnPostgres]
    public void Opening_without_create_refuses_an_empty_database_and_opens_an_existing_journal(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        if (kind == StoreKind.Sqlite)
            File.WriteAllBytes(store.Db, []);
        using (var empty = JournalFactory.Open(store.Db, create: false))
            Assert.Throws<JournalFormatException>(() => empty.Open());
        using (var journal = store.OpenJournal())
            journal.Append(Chain.Build(2));

        using var existing = JournalFactory.Open(store.Db, create: false);

        Assert.Equal(2, existing.Open().Seq);
    }

    [Theory, OnPostgres]
    public void The_uri_form_opens_the_same_database_as_the_connection_string(StoreKind kind)
    {
        using var store = TestStore.Create(kind);
        var s = new NpgsqlConnectionStringBuilder(store.Db);
        var uri = $"postgres://{Uri.EscapeDataString(s.Username!)}@{s.Host}:{s.Port}/{s.Database}?sslmode=disable";
        using (var journal = store.OpenJournal())
            journal.Append(Chain.Build(3));

        using var viaUri = JournalFactory.Open(uri);
        var head = viaUri.Open();

        Assert.Equal(3, head.Seq);
        Assert.True(ChainVerifier.Verify(viaUri).Sound);
    }
}
