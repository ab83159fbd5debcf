// The registry's books: markets, identities, accounts, unit classes, holdings and locks.
// Checks and applies are split so that the hot path (one transfer) allocates nothing.
using System.Runtime.InteropServices;
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>A market and its rulebook.</summary>
public sealed record Market(string Id, string Name, string Rulebook, string Currency);

/// <summary>An account; holders' accounts and the market's system accounts alike.</summary>
public sealed class Account
{
    /// <summary>The account id.</summary>
    public required string Id { get; init; }

    /// <summary>The market the account belongs to.</summary>
    public required string MarketId { get; init; }

    /// <summary>The identity that holds the account ("system" for system accounts).</summary>
    public required string Holder { get; init; }

    /// <summary>The holder's registered name, if given.</summary>
    public string? HolderName { get; init; }

    /// <summary>True when the holder is a natural person (an investor), not a legal person or other organisation.</summary>
    public bool NaturalPerson { get; init; }

    /// <summary>What kind of account this is.</summary>
    public required AccountKind Kind { get; init; }

    /// <summary>True once closed; a closed account takes and gives nothing.</summary>
    public bool Closed { get; set; }

    /// <summary>The freeze reason, when frozen.</summary>
    public string? FrozenReason { get; set; }
}

/// <summary>A class of fungible units (or of cash): everything in one class is interchangeable but for serials.</summary>
public sealed class UnitClass
{
    /// <summary>The class id ("CEA21", "CCER-0001-2024", "CNY").</summary>
    public required string Id { get; init; }

    /// <summary>The market (null for cash, which every market of that currency shares).</summary>
    public string? MarketId { get; init; }

    /// <summary>Allowance, credit or cash.</summary>
    public required UnitType Type { get; init; }

    /// <summary>The vintage year (0 for cash).</summary>
    public int Vintage { get; init; }

    /// <summary>The voluntary project, for credits.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Units ever issued less cash withdrawn: always the sum of all holdings.</summary>
    public long Issued { get; set; }

    /// <summary>The next serial to issue (credits only).</summary>
    public long NextSerial { get; set; } = 1;

    /// <summary>True for credits, whose units carry serial numbers.</summary>
    public bool Serialized => Type == UnitType.Credit;
}

/// <summary>What an account holds of one class: the total, the locked part, and the serials.</summary>
public sealed class Holding
{
    /// <summary>Units held (available + locked).</summary>
    public long Held { get; set; }

    /// <summary>Units locked by orders, pledges, freezes or escrows.</summary>
    public long Locked { get; set; }

    /// <summary>Units free to move.</summary>
    public long Available => Held - Locked;

    /// <summary>The serials held, for serialized classes.</summary>
    public SerialSet? Serials { get; set; }
}

/// <summary>A lock on part of a holding.</summary>
public sealed class HoldLock
{
    /// <summary>The lock id chosen by whoever locked.</summary>
    public required string Id { get; init; }

    /// <summary>The account whose holding is locked.</summary>
    public required string AccountId { get; init; }

    /// <summary>The unit class locked.</summary>
    public required string ClassId { get; init; }

    /// <summary>Why.</summary>
    public required LockReason Reason { get; init; }

    /// <summary>What remains locked.</summary>
    public long Remaining { get; set; }
}

/// <summary>A public retirement record.</summary>
public sealed record RetirementRecord(string AccountId, string ClassId, long Quantity, string Beneficiary, string Purpose, IReadOnlyList<SerialRange>? Serials, DateTimeOffset Time);

/// <summary>A surrender for a compliance year.</summary>
public sealed record SurrenderRecord(string AccountId, string ClassId, long Quantity, int ComplianceYear);

/// <summary>The registry's state.</summary>
public sealed class RegistryState : IModuleState
{
    /// <summary>Largest quantity of one command: far above any market, far below overflow.</summary>
    public const long MaxQuantity = 1_000_000_000_000_000;

    private readonly Dictionary<(string Account, string Class), Holding> _holdings = [];

    /// <summary>Markets by id.</summary>
    public Dictionary<string, Market> Markets { get; } = new(StringComparer.Ordinal);

    /// <summary>Roles by identity.</summary>
    public Dictionary<string, Role> Roles { get; } = new(StringComparer.Ordinal);

    /// <summary>Accounts by id (add with <see cref="AddAccount"/>, which keeps the index by holder).</summary>
    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.Ordinal);

    // Accounts by holder, in the order they were opened: a holder's position sums its accounts without a pass over all.
    private readonly Dictionary<string, List<Account>> _byHolder = new(StringComparer.Ordinal);

    /// <summary>Adds an account, indexed by id and by holder.</summary>
    public void AddAccount(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Accounts.Add(account.Id, account);
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHolder, account.Holder, out _);
        (list ??= []).Add(account);
    }

    /// <summary>The accounts of a holder, in the order they were opened (none when it holds no account).</summary>
    public IReadOnlyList<Account> AccountsOf(string holder) => _byHolder.TryGetValue(holder, out var list) ? list : [];

    /// <summary>Unit classes by id.</summary>
    public Dictionary<string, UnitClass> Classes { get; } = new(StringComparer.Ordinal);

    /// <summary>Open locks by id.</summary>
    public Dictionary<string, HoldLock> Locks { get; } = new(StringComparer.Ordinal);

    /// <summary>Retirements, in order.</summary>
    public List<RetirementRecord> Retirements { get; } = [];

    /// <summary>Surrenders, in order.</summary>
    public List<SurrenderRecord> Surrenders { get; } = [];

    /// <summary>Every holding, by account and class.</summary>
    public IReadOnlyDictionary<(string Account, string Class), Holding> Holdings => _holdings;

    /// <summary>The holding of an account in a class, or null.</summary>
    public Holding? HoldingOf(string accountId, string classId) => _holdings.GetValueOrDefault((accountId, classId));

    /// <summary>Units (or fen) free to move.</summary>
    public long Available(string accountId, string classId) => HoldingOf(accountId, classId)?.Available ?? 0;

    /// <summary>The role of an identity, if it has one.</summary>
    public Role? RoleOf(string identity) => Roles.TryGetValue(identity, out var r) ? r : null;

    /// <summary>Checks one transfer leg against the books (not against who asks). Allocates nothing. Surrender, cancellation and retirement pass <paramref name="intoFinalAccount"/>.</summary>
    public RegistryError CheckLeg(string from, string to, string classId, long quantity, string? lockId, bool intoFinalAccount = false)
    {
        if (quantity <= 0)
            return RegistryError.QuantityNotPositive;
        if (quantity > MaxQuantity)
            return RegistryError.QuantityTooLarge;
        if (!Accounts.TryGetValue(from, out var source))
            return RegistryError.UnknownSourceAccount;
        if (!Accounts.TryGetValue(to, out var target))
            return RegistryError.UnknownTargetAccount;
        if (!Classes.TryGetValue(classId, out var cls))
            return RegistryError.UnknownUnitClass;
        if (ReferenceEquals(source, target))
            return RegistryError.SameAccount;
        if (source.Closed || target.Closed)
            return RegistryError.AccountClosed;
        if (source.FrozenReason is not null)
            return RegistryError.AccountFrozen;
        if (source.Kind.IsFinal())
            return RegistryError.FinalAccount;
        if (target.Kind.IsFinal() != intoFinalAccount)
            return RegistryError.FinalAccountByTransfer;
        if (cls.MarketId is not null && (cls.MarketId != source.MarketId || cls.MarketId != target.MarketId))
            return RegistryError.WrongMarket;
        // The issuance account holds no cash (deposits refuse it too) and a treasury account no units.
        if (cls.Type == UnitType.Cash ? target.Kind == AccountKind.Issuance : target.Kind == AccountKind.Treasury)
            return RegistryError.WrongUnitType;
        var holding = _holdings.GetValueOrDefault((from, classId));
        if (lockId is not null)
        {
            if (!Locks.TryGetValue(lockId, out var hold))
                return RegistryError.UnknownLock;
            if (hold.AccountId != from || hold.ClassId != classId)
                return RegistryError.LockMismatch;
            return hold.Remaining >= quantity ? RegistryError.None : RegistryError.LockInsufficient;
        }
        if (holding is null || holding.Available < quantity)
            return cls.Type == UnitType.Cash ? RegistryError.InsufficientCash : RegistryError.InsufficientUnits;
        return RegistryError.None;
    }

    /// <summary>Applies a checked transfer. Allocates nothing for unserialized classes.</summary>
    public void ApplyTransfer(string from, string to, string classId, long quantity, string? lockId, IReadOnlyList<SerialRange>? serials)
    {
        var source = _holdings[(from, classId)];
        if (source.Held < quantity)
            throw new InvariantViolationException($"transfer of {quantity} from {from} exceeds its holding of {classId}");
        if (lockId is not null)
        {
            var hold = Locks[lockId];
            hold.Remaining -= quantity;
            source.Locked -= quantity;
            if (hold.Remaining == 0)
                Locks.Remove(lockId);
        }
        source.Held -= quantity;
        var target = GetOrAddHolding(to, classId);
        target.Held += quantity;
        if (serials is not null)
        {
            foreach (var r in serials)
            {
                source.Serials!.Remove(r);
                target.Serials!.Add(r);
            }
        }
        if (source.Locked < 0 || source.Locked > source.Held)
            throw new InvariantViolationException($"locked units of {from} in {classId} out of bounds");
    }

    /// <summary>The holding of an account in a class, created empty if absent.</summary>
    internal Holding GetOrAddHolding(string accountId, string classId)
    {
        if (!_holdings.TryGetValue((accountId, classId), out var h))
        {
            h = new Holding { Serials = Classes[classId].Serialized ? new SerialSet() : null };
            _holdings.Add((accountId, classId), h);
        }
        return h;
    }

    /// <inheritdoc />
    public void WriteSnapshot(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        var snapshot = new RegistrySnapshot(
            Markets.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList(),
            Roles.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new RoleRow(r.Key, r.Value)).ToList(),
            Accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
                .Select(a => new AccountRow(a.Id, a.MarketId, a.Holder, a.HolderName, a.Kind, a.Closed, a.FrozenReason, a.NaturalPerson)).ToList(),
            Classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new ClassRow(c.Id, c.MarketId, c.Type, c.Vintage, c.ProjectId, c.Issued, c.NextSerial)).ToList(),
            _holdings.Where(h => h.Value.Held != 0 || h.Value.Locked != 0)
                .OrderBy(h => h.Key.Account, StringComparer.Ordinal).ThenBy(h => h.Key.Class, StringComparer.Ordinal)
                .Select(h => new HoldingRow(h.Key.Account, h.Key.Class, h.Value.Held, h.Value.Locked, h.Value.Serials?.Ranges.ToList())).ToList(),
            Locks.Values.OrderBy(l => l.Id, StringComparer.Ordinal)
                .Select(l => new LockRow(l.Id, l.AccountId, l.ClassId, l.Reason, l.Remaining)).ToList(),
            Retirements,
            Surrenders);
        JsonSerializer.Serialize(writer, snapshot, options);
    }

    /// <inheritdoc />
    public void ReadSnapshot(JsonElement snapshot, JsonSerializerOptions options)
    {
        var s = snapshot.Deserialize<RegistrySnapshot>(options) ?? throw new JsonException("Empty registry snapshot.");
        Markets.Clear();
        Roles.Clear();
        Accounts.Clear();
        _byHolder.Clear();
        Classes.Clear();
        _holdings.Clear();
        Locks.Clear();
        Retirements.Clear();
        Surrenders.Clear();
        foreach (var m in s.Markets)
            Markets.Add(m.Id, m);
        foreach (var r in s.Roles)
            Roles.Add(r.Identity, r.Role);
        foreach (var a in s.Accounts)
            AddAccount(new Account { Id = a.Id, MarketId = a.MarketId, Holder = a.Holder, HolderName = a.HolderName, Kind = a.Kind, Closed = a.Closed, FrozenReason = a.FrozenReason, NaturalPerson = a.NaturalPerson });
        foreach (var c in s.Classes)
            Classes.Add(c.Id, new UnitClass { Id = c.Id, MarketId = c.MarketId, Type = c.Type, Vintage = c.Vintage, ProjectId = c.ProjectId, Issued = c.Issued, NextSerial = c.NextSerial });
        foreach (var h in s.Holdings)
        {
            var holding = GetOrAddHolding(h.Account, h.Class);
            holding.Held = h.Held;
            holding.Locked = h.Locked;
            foreach (var r in h.Serials ?? [])
                holding.Serials!.Add(r);
        }
        foreach (var l in s.Locks)
            Locks.Add(l.Id, new HoldLock { Id = l.Id, AccountId = l.AccountId, ClassId = l.ClassId, Reason = l.Reason, Remaining = l.Remaining });
        Retirements.AddRange(s.Retirements);
        Surrenders.AddRange(s.Surrenders);
    }

    private sealed record RoleRow(string Identity, Role Role);

    // NaturalPerson is written only when true: a snapshot without natural persons is byte for byte as before (and hashes the same).
    private sealed record AccountRow(string Id, string MarketId, string Holder, string? HolderName, AccountKind Kind, bool Closed, string? FrozenReason,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool NaturalPerson = false);

    private sealed record ClassRow(string Id, string? MarketId, UnitType Type, int Vintage, string? ProjectId, long Issued, long NextSerial);

    private sealed record HoldingRow(string Account, string Class, long Held, long Locked, List<SerialRange>? Serials);

    private sealed record LockRow(string Id, string AccountId, string ClassId, LockReason Reason, long Remaining);

    private sealed record RegistrySnapshot(
        List<Market> Markets,
        List<RoleRow> Roles,
        List<AccountRow> Accounts,
        List<ClassRow> Classes,
        List<HoldingRow> Holdings,
        List<LockRow> Locks,
        List<RetirementRecord> Retirements,
        List<SurrenderRecord> Surrenders);
}
