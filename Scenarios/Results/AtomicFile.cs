// A file written beside its target and moved into place, so that an interrupted write never leaves half
// a file where a reader looks.
using System.Text;

namespace ProverSim.Scenarios.Results;

public static class AtomicFile
{
    /// <summary>Written beside the target and moved into place: an interrupted write never leaves half a file.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    public static void WriteAllText(string path, string text)
    {
        var temporary = path + ".partial";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }
}
