// SHA-256 straight from the system's OpenSSL (libcrypto), where it is: SHA256_Init, _Update and _Final on a context on
// the stack. The same library .NET's own SHA-256 calls, without the generic digest layer around it (a context fetched
// and reset, an error queue cleared on every call): a fixed cost of about 350 ns per hash through .NET, about 90 ns
// here, measured side by side (HashBenchmarks). Every journal entry takes two hashes, so this is a fixed share of each
// entry's cost. Where libcrypto 3 is not found, or its answer to a known input is not SHA-256's, .NET's path is used.
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OpenEts.Core;

/// <summary>SHA-256 through libcrypto's low-level functions, when the process can load them.</summary>
internal static unsafe class OpenSslSha256
{
    /// <summary>Room for OpenSSL's SHA256_CTX (112 bytes in OpenSSL 3), with a margin.</summary>
    private const int ContextBytes = 256;

    private static readonly delegate* unmanaged<byte*, int> s_init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged<byte*, byte*, int> s_final;

    /// <summary>True when the functions were found and passed the known-answer check.</summary>
    public static bool Available { get; }

    static OpenSslSha256()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var lib))
            return;
        if (!NativeLibrary.TryGetExport(lib, "SHA256_Init", out var init) || !NativeLibrary.TryGetExport(lib, "SHA256_Update", out var update)
            || !NativeLibrary.TryGetExport(lib, "SHA256_Final", out var final))
            return;
        s_init = (delegate* unmanaged<byte*, int>)init;
        s_update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
        s_final = (delegate* unmanaged<byte*, byte*, int>)final;
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1), split across both parts as the journal splits its input.
        Span<byte> digest = stackalloc byte[32];
        Available = TryHash("a"u8, "bc"u8, digest)
            && digest.SequenceEqual(Convert.FromHexString("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    }

    /// <summary>SHA-256 over <paramref name="first"/> then <paramref name="second"/>, as a new array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var digest = new byte[32];
        if (!TryHash(first, second, digest))
            throw new CryptographicException("OpenSSL's SHA-256 failed.");
        return digest;
    }

    private static bool TryHash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> digest)
    {
        byte* context = stackalloc byte[ContextBytes];
        fixed (byte* a = first, b = second, d = digest)
        {
            return s_init(context) == 1
                && (first.IsEmpty || s_update(context, a, (nuint)first.Length) == 1)
                && (second.IsEmpty || s_update(context, b, (nuint)second.Length) == 1)
                && s_final(d, context) == 1;
        }
    }
}
