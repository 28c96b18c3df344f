// The system's libcrypto (OpenSSL 3 or 1.1), loaded once at run time for the few primitives where it is
// several times faster than the managed libraries (P-256 products for the ECVRF, X25519 for capsules).
// .NET itself uses this library for cryptography on Linux; where none loads, callers fall back to the
// managed code, and each caller checks libcrypto's answers against the managed ones before using it.
using System.Runtime.InteropServices;

namespace ProverSim.Grains.Crypto;

internal static class LibCrypto
{
    private static readonly string[] Names =
        ["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.3.dylib", "libcrypto.1.1.dylib", "libcrypto.so"];

    private static readonly Lazy<nint> Loaded = new(Load);

    /// <summary>The library's handle, or 0 when none loads (or <c>PROVSIM_LIBCRYPTO=off</c>).</summary>
    public static nint Handle => Loaded.Value;

    /// <summary>An exported function's address, or 0 when the library or the function is missing.</summary>
    public static nint Export(string name) =>
        Handle != 0 && NativeLibrary.TryGetExport(Handle, name, out var address) ? address : 0;

    private static nint Load()
    {
        if (Environment.GetEnvironmentVariable("PROVSIM_LIBCRYPTO") == "off")
        {
            return 0;
        }

        foreach (var name in Names)
        {
            if (NativeLibrary.TryLoad(name, typeof(LibCrypto).Assembly, null, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
