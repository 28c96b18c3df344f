// A CSV file written row by row as a run goes (RFC 4180 quoting, invariant culture, '\n' line ends): the
// rows go to FILE.partial, which replaces FILE only on Commit, so a results file is never half written
// and an interrupted run leaves the files of an earlier one intact. A resumable run keeps its .partial
// files when it stops short, and a resumed one reopens them cut back to the last checkpoint.
using System.Text;

namespace ProverSim.Scenarios.Results;

public sealed class CsvWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly StreamWriter _writer;
    private readonly bool _keepOnStop;
    private bool _committed;

    public CsvWriter(string path, IEnumerable<string> header, bool keepOnStop = false)
    {
        _path = path;
        _keepOnStop = keepOnStop;
        _writer = new StreamWriter(path + ".partial", append: false, Utf8) { NewLine = "\n" };
        Append(header);
    }

    // Reopens FILE.partial cut back to the first `length` bytes (a checkpoint's), to append after them.
    private CsvWriter(string path, long length)
    {
        _path = path;
        _keepOnStop = true;
        var stream = new FileStream(path + ".partial", FileMode.Open, FileAccess.Write);
        if (stream.Length < length)
        {
            stream.Dispose();
            throw new InvalidDataException($"{Path.GetFileName(path)}.partial holds {stream.Length} bytes, fewer than the {length} its checkpoint recorded");
        }

        stream.SetLength(length);
        stream.Seek(0, SeekOrigin.End);
        _writer = new StreamWriter(stream, Utf8) { NewLine = "\n" };
    }

    /// <summary>Reopens a resumable file where its checkpoint left it.</summary>
    public static CsvWriter Reopen(string path, long length) => new(path, length);

    public void Append(IEnumerable<object?> row) => _writer.Write(CsvFile.Row(row));

    /// <summary>Appends a row already rendered by <see cref="CsvFile.Row"/>.</summary>
    public void AppendRendered(string row) => _writer.Write(row);

    /// <summary>Writes what is buffered to the file and returns its length: a checkpoint of it.</summary>
    public long Flush()
    {
        _writer.Flush();
        return _writer.BaseStream.Length;
    }

    public void Commit()
    {
        _writer.Dispose();
        File.Move(_path + ".partial", _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (!_committed && !_keepOnStop)
        {
            File.Delete(_path + ".partial");
        }
    }
}
