// Password hashing (PBKDF2-SHA256, 600,000 iterations, random salt, constant-time compare) and API
// keys (random 32 bytes, stored as SHA-256). Randomness lives here, outside the engine's decisions.
using System.Security.Cryptography;
using System.Text;

namespace OpenEts.Server.Identity;

/// <summary>Hashes and verifies passwords: "pbkdf2-sha256$iterations$salt$hash" (base64).</summary>
public static class PasswordHashing
{
    /// <summary>PBKDF2 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int Iterations = 600_000;

    /// <summary>Shortest accepted password.</summary>
    public const int MinLength = 12;

    /// <summary>Longest accepted password (bounds the hashing cost of one request).</summary>
    public const int MaxLength = 256;

    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Hashes a password with a fresh random salt.</summary>
    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when the password matches the stored hash (constant-time compare).</summary>
    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a verification, for unknown users (no timing oracle).</summary>
    public static void Waste(string password) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), new byte[16], Iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>
    /// A short fingerprint of a stored hash (itself hashed, so it tells nothing of the password): a session carries the
    /// stamp of the password it logged in with and ends when the person's password is no longer that one.
    /// </summary>
    public static string Stamp(string stored) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored)).AsSpan(0, 8));

    /// <summary>True when <paramref name="stored"/> has the scheme's form.</summary>
    public static bool IsWellFormed(string? stored) => stored is not null && TryParse(stored, out _, out _, out _);

    /// <summary>Checks a new password's length; null when acceptable.</summary>
    public static string? Weakness(string? password) =>
        password is null || password.Length < MinLength ? $"A password has at least {MinLength} characters."
        : password.Length > MaxLength ? $"A password has at most {MaxLength} characters."
        : null;

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out iterations) || iterations is < 100_000 or > 10_000_000)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 16 && hash.Length == 32;
    }
}

/// <summary>API keys: "oets_KEYID_SECRET"; the store keeps only the SHA-256 of the whole key.</summary>
public static class ApiKeys
{
    /// <summary>A new key: its public id, the key to give once, and the hash to store.</summary>
    public static (string KeyId, string Key, string Hash) Create()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = $"oets_{keyId}_{secret}";
        return (keyId, key, HashOf(key));
    }

    /// <summary>The stored form of a key.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key id a presented key names, if it has the form of a key.</summary>
    public static string? KeyIdOf(string key)
    {
        if (key.Length > 100 || !key.StartsWith("oets_", StringComparison.Ordinal))
            return null;
        var end = key.IndexOf('_', 5);
        if (end < 0)
            return null;
        var id = key[5..end];
        return IsKeyId(id) ? id : null;
    }

    /// <summary>True for a key id's form: 12 lowercase hex digits.</summary>
    public static bool IsKeyId(string? id) => id is { Length: 12 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>True when the presented key hashes to the stored hash (constant-time compare).</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(key)), Encoding.ASCII.GetBytes(storedHash));
}
