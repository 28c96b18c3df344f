// Reads a results CSV (RFC 4180 quoting) into rows addressable by column name. Reports read results
// files only; they know nothing of grains (DESIGN.md §3).
namespace ProverSim.Reports;

public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
    }

    public string Path { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    public static CsvTable Load(string path)
    {
        List<string[]> records;
        using (var reader = File.OpenText(path))
        {
            records = [.. CsvRecords.Read(reader)];
        }

        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path}: empty file, expected a header row");
        }

        var header = records[0];
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Length != header.Length)
            {
                throw new InvalidDataException($"{path}: row {i} has {records[i].Length} fields, the header has {header.Length}");
            }
        }

        return new CsvTable(path, header, records.Skip(1).ToList<IReadOnlyList<string>>());
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The value of <paramref name="column"/> in row <paramref name="row"/> (0-based, header excluded).</summary>
    public string Get(int row, string column) =>
        _columns.TryGetValue(column, out var index) ? Rows[row][index] : throw new InvalidDataException($"{Path}: no column '{column}'");
}
