// The API suite on SQLite (always) and PostgreSQL (OPENETS_TEST_PG; required when CI=true).
namespace OpenEts.Server.Tests;

/// <summary>The API suite on a temporary SQLite file.</summary>
public sealed class SqliteApiTests
{
    private readonly SqliteSource _db = new();

    [Fact] public Task Happy_paths_move_units_and_show_them() => ApiSuite.HappyPaths(_db);

    [Fact] public Task Bad_input_gets_problem_details_and_changes_nothing() => ApiSuite.BadInput(_db);

    [Fact] public Task Script_in_text_is_stored_as_text_and_escaped() => ApiSuite.HostileText(_db);

    [Fact] public Task Idempotency_key_returns_the_first_outcome() => ApiSuite.Idempotency(_db);

    [Fact] public Task Passwords_keys_and_lockout_survive_a_restart() => ApiSuite.Identities(_db);
}

/// <summary>The same API suite on PostgreSQL, one new database per server.</summary>
public sealed class PostgresApiTests
{
    private readonly PostgresSource _db = new();

    [PostgresFact] public Task Happy_paths_move_units_and_show_them() => ApiSuite.HappyPaths(_db);

    [PostgresFact] public Task Bad_input_gets_problem_details_and_changes_nothing() => ApiSuite.BadInput(_db);

    [PostgresFact] public Task Script_in_text_is_stored_as_text_and_escaped() => ApiSuite.HostileText(_db);

    [PostgresFact] public Task Idempotency_key_returns_the_first_outcome() => ApiSuite.Idempotency(_db);

    [PostgresFact] public Task Passwords_keys_and_lockout_survive_a_restart() => ApiSuite.Identities(_db);
}
