// A CSV file written row by row as a run goes (RFC 4180 quoting, invariant culture, '\n' line ends): the
// rows go to FILE.partial, which replaces FILE only on Commit, so a results file is never half written
// and an interrupted run leaves the files of an earlier one intact.
using System.Text;

namespace ProverSim.Scenarios.Results;

public sealed class CsvWriter : IDisposable
{
    private readonly string _path;
    private readonly StreamWriter _writer;
    private bool _committed;

    public CsvWriter(string path, IEnumerable<string> header)
    {
        _path = path;
        _writer = new StreamWriter(path + ".partial", append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        Append(header);
    }

    public void Append(IEnumerable<object?> row) => _writer.Write(CsvFile.Row(row));

    public void Commit()
    {
        _writer.Dispose();
        File.Move(_path + ".partial", _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (!_committed)
        {
            File.Delete(_path + ".partial");
        }
    }
}
