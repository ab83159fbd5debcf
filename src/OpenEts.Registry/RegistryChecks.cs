// Every check the registry makes, with its stable code and sentence, in one place
// (as the EU transaction log and the UK registry number theirs).
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>The outcome of a registry check; <see cref="None"/> means it passed.</summary>
public enum RegistryError
{
    /// <summary>The check passed.</summary>
    None,

    /// <summary>quantity_not_positive.</summary>
    QuantityNotPositive,

    /// <summary>quantity_too_large.</summary>
    QuantityTooLarge,

    /// <summary>unknown_account (the source).</summary>
    UnknownSourceAccount,

    /// <summary>unknown_account (the target).</summary>
    UnknownTargetAccount,

    /// <summary>unknown_unit_class.</summary>
    UnknownUnitClass,

    /// <summary>same_account.</summary>
    SameAccount,

    /// <summary>account_closed.</summary>
    AccountClosed,

    /// <summary>account_frozen.</summary>
    AccountFrozen,

    /// <summary>final_account.</summary>
    FinalAccount,

    /// <summary>final_account_by_transfer.</summary>
    FinalAccountByTransfer,

    /// <summary>wrong_market.</summary>
    WrongMarket,

    /// <summary>unknown_lock.</summary>
    UnknownLock,

    /// <summary>lock_mismatch.</summary>
    LockMismatch,

    /// <summary>lock_insufficient.</summary>
    LockInsufficient,

    /// <summary>insufficient_units.</summary>
    InsufficientUnits,

    /// <summary>insufficient_cash.</summary>
    InsufficientCash,

    /// <summary>wrong_unit_type: cash into the issuance account, or units into a treasury account.</summary>
    WrongUnitType,
}

/// <summary>The catalogue of registry checks: code and sentence for each.</summary>
public static class RegistryChecks
{
    /// <summary>Every code the registry can answer with, and what it means; listed in the README.</summary>
    public static readonly IReadOnlyDictionary<string, string> Catalogue = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["account_closed"] = "An account taking part in the operation is closed.",
        ["account_exists"] = "An account with this id already exists.",
        ["account_frozen"] = "The sending account is frozen; nothing leaves it until the freeze is lifted.",
        ["account_not_empty"] = "An account can be closed only when it holds nothing and has no locks.",
        ["beneficiary_required"] = "A retirement names its beneficiary and its purpose.",
        ["empty_transfer"] = "A linked transfer needs at least one leg.",
        ["final_account"] = "Units in surrender, cancellation or retirement accounts are final and never move again.",
        ["final_account_by_transfer"] = "Units enter surrender, cancellation and retirement accounts only by Surrender, Cancel and Retire.",
        ["holder_has_account"] = "The holder already has as many open accounts in this market as the registration rules allow (one, nationally).",
        ["insufficient_cash"] = "The account's available cash is less than the amount.",
        ["insufficient_units"] = "The account's available units of the class are fewer than the quantity.",
        ["invalid_id"] = "Ids are 1 to 64 characters: letters, digits, '-', '_', '.', ':'.",
        ["invalid_text"] = "Text fields are 1 to 500 characters with no control characters.",
        ["invalid_vintage"] = "Vintages are years from 2000 to 2100.",
        ["lock_exists"] = "A lock with this id already exists.",
        ["lock_insufficient"] = "The lock holds fewer units than the quantity.",
        ["lock_mismatch"] = "The lock belongs to another account or unit class.",
        ["market_exists"] = "A market with this id already exists.",
        ["not_authorized"] = "The acting identity may not do this.",
        ["not_a_holder_kind"] = "Holders open covered-entity, investor or project-owner accounts (and a market's treasury account); system accounts come with the market.",
        ["natural_person_not_allowed"] = "A natural person holds an investor account only; covered entities, project owners and treasuries are organisations.",
        ["not_issuance_account"] = "Units are issued only into the market's issuance, reserve or auction account.",
        ["quantity_not_positive"] = "Quantities and amounts are whole numbers above zero.",
        ["quantity_too_large"] = $"Quantities and amounts are at most {RegistryState.MaxQuantity:N0}.",
        ["role_exists"] = "The identity already has a role.",
        ["same_account"] = "A transfer needs two different accounts.",
        ["serial_not_held"] = "The account does not hold those serials available to move.",
        ["surrender_through_cycle"] = "A surrender for a compliance year goes through compliance.surrender (POST /api/compliance/{year}/surrenders), which checks the deadline, the vintage and the offset cap and counts it against the obligation.",
        ["too_many_legs"] = $"A linked transfer has at most {LinkedTransfer.MaxLegs} legs.",
        ["unit_class_exists"] = "A unit class with this id already exists.",
        ["units_frozen"] = "Units under a freeze lock move only after the regulator releases the freeze.",
        ["unknown_account"] = "No account has this id.",
        ["unknown_lock"] = "No open lock has this id.",
        ["unknown_market"] = "No market has this id.",
        ["unknown_unit_class"] = "No unit class has this id.",
        ["wrong_market"] = "The unit class belongs to another market than the accounts.",
        ["wrong_unit_type"] = "This operation does not apply to this type of unit.",
    };

    /// <summary>The stable code of a check result.</summary>
    public static string Code(RegistryError error) => error switch
    {
        RegistryError.QuantityNotPositive => "quantity_not_positive",
        RegistryError.QuantityTooLarge => "quantity_too_large",
        RegistryError.UnknownSourceAccount or RegistryError.UnknownTargetAccount => "unknown_account",
        RegistryError.UnknownUnitClass => "unknown_unit_class",
        RegistryError.SameAccount => "same_account",
        RegistryError.AccountClosed => "account_closed",
        RegistryError.AccountFrozen => "account_frozen",
        RegistryError.FinalAccount => "final_account",
        RegistryError.FinalAccountByTransfer => "final_account_by_transfer",
        RegistryError.WrongMarket => "wrong_market",
        RegistryError.UnknownLock => "unknown_lock",
        RegistryError.LockMismatch => "lock_mismatch",
        RegistryError.LockInsufficient => "lock_insufficient",
        RegistryError.InsufficientUnits => "insufficient_units",
        RegistryError.InsufficientCash => "insufficient_cash",
        RegistryError.WrongUnitType => "wrong_unit_type",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "No code for a passed check."),
    };

    /// <summary>
    /// A rejection for a failed leg check, naming what it concerns. The amount available is stated only when
    /// <paramref name="available"/> is given: to the account's holder and the regulator, never to others (an
    /// operator's refused command must not read out a balance it may not see, such as a sealed auction bid's lock).
    /// </summary>
    public static Rejection Reject(RegistryError error, string from, string to, string classId, long quantity, long? available) => error switch
    {
        RegistryError.UnknownSourceAccount => new("unknown_account", $"No account has the id '{from}'."),
        RegistryError.UnknownTargetAccount => new("unknown_account", $"No account has the id '{to}'."),
        RegistryError.UnknownUnitClass => new("unknown_unit_class", $"No unit class has the id '{classId}'."),
        RegistryError.InsufficientUnits => available is { } units
            ? new("insufficient_units", $"Account '{from}' has {units:N0} t of {classId} available, fewer than the {quantity:N0} t asked.")
            : new("insufficient_units", $"Account '{from}' has fewer than the {quantity:N0} t of {classId} asked available."),
        RegistryError.InsufficientCash => available is { } fen
            ? new("insufficient_cash", $"Account '{from}' has {new Fen(fen).ToYuanString()} {classId} available, less than the {new Fen(quantity).ToYuanString()} asked.")
            : new("insufficient_cash", $"Account '{from}' has less than the {new Fen(quantity).ToYuanString()} {classId} asked available."),
        RegistryError.WrongUnitType => Reject("wrong_unit_type", $"'{to}' takes no {classId}: the issuance account holds no cash and a treasury account no units."),
        _ => Reject(Code(error)),
    };

    /// <summary>A rejection with the catalogue's sentence.</summary>
    public static Rejection Reject(string code) => new(code, Catalogue[code]);

    /// <summary>A rejection with the catalogue's sentence and a detail.</summary>
    public static Rejection Reject(string code, string detail) => new(code, Catalogue[code] + " " + detail);

    /// <summary>Checks an id's form.</summary>
    public static bool ValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
            return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
                return false;
        }
        return true;
    }

    /// <summary>Checks a free-text field (names, reasons, beneficiaries).</summary>
    public static bool ValidText(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 500 && !text.Any(char.IsControl);
}
