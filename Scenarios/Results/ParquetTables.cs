// The results tables as Parquet (`provsim run --format csv,parquet`): each CSV of a finished run becomes
// TABLE.parquet beside it, with the same columns in the same order, typed — whole numbers as INT64,
// true/false as BOOLEAN, words, lists and hex as UTF-8 strings — and an empty cell as null. The CSV is
// read as a stream and written in row groups, so a long run's table never sits in memory; the CSVs stay
// the record that the report, `verify` and `--resume` read, and a Parquet file is written (atomically,
// like the CSVs) only from a complete one, so a resumed run's files are those of a run never stopped.
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using ProverSim.Reports;

namespace ProverSim.Scenarios.Results;

public static class ParquetTables
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupRows = 65_536;

    /// <summary>
    /// Writes TABLE.parquet for every table's CSV in <paramref name="directory"/>, and adds them to the
    /// files manifest.json lists as decided by the scenario and seed; returns the files written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, CancellationToken cancellationToken = default)
    {
        var written = new List<string>();
        foreach (var (table, _) in ResultsWriter.Tables)
        {
            var csv = Path.Combine(directory, table + ".csv");
            if (File.Exists(csv))
            {
                var parquet = Path.Combine(directory, table + ".parquet");
                await WriteAsync(csv, table, parquet, cancellationToken);
                written.Add(parquet);
            }
        }

        var manifest = Path.Combine(directory, "manifest.json");
        if (written.Count > 0 && File.Exists(manifest) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest)) is System.Text.Json.Nodes.JsonObject json
            && json["files"] is System.Text.Json.Nodes.JsonArray files)
        {
            foreach (var name in written.Select(Path.GetFileName).Where(n => !files.Any(f => (string?)f == n)))
            {
                files.Add(name);
            }

            AtomicFile.WriteAllText(manifest, json.ToJsonString(ResultsWriter.Json) + "\n");
        }

        return written;
    }

    /// <summary>Writes one table's CSV as Parquet.</summary>
    public static async Task WriteAsync(string csv, string table, string parquet, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(csv, Encoding.UTF8);
        using var records = CsvRecords.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{csv}: empty file, expected a header row");
        }

        var header = records.Current;
        var kinds = header.Select(c => ResultsWriter.KindOf(table, c)).ToArray();
        var fields = header.Zip(kinds).Select(c => new DataField(c.First, c.Second switch
        {
            ColumnKind.Integer => typeof(long?),
            ColumnKind.Boolean => typeof(bool?),
            _ => typeof(string),
        }, true, false, null)).ToArray();
        var schema = new ParquetSchema(fields);

        var partial = parquet + ".partial";
        await using (var stream = File.Create(partial))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, false, cancellationToken);
            var rows = new List<string[]>(RowGroupRows);
            var line = 1;
            async Task FlushAsync()
            {
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    await WriteColumnAsync(group, fields[c], rows, c, kinds[c], csv, cancellationToken);
                }

                rows.Clear();
            }

            while (records.MoveNext())
            {
                line++;
                if (records.Current.Length != header.Length)
                {
                    throw new InvalidDataException($"{csv}: record {line} has {records.Current.Length} fields, the header has {header.Length}");
                }

                rows.Add(records.Current);
                if (rows.Count == RowGroupRows)
                {
                    await FlushAsync();
                }
            }

            // A table with no rows still gets its typed columns (one empty row group).
            if (rows.Count > 0 || line == 1)
            {
                await FlushAsync();
            }
        }

        File.Move(partial, parquet, overwrite: true);
    }

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, List<string[]> rows, int c, ColumnKind kind, string csv, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ColumnKind.Integer:
                var integers = new long?[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    var cell = rows[r][c];
                    integers[r] = cell.Length == 0 ? null
                        : long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
                        : throw new InvalidDataException($"{csv}: column '{field.Name}' holds whole numbers, found '{cell}'");
                }

                return group.WriteAsync<long>(field, integers, null, null, cancellationToken);
            case ColumnKind.Boolean:
                var booleans = new bool?[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    booleans[r] = rows[r][c] switch
                    {
                        "" => null,
                        "true" => true,
                        "false" => false,
                        var cell => throw new InvalidDataException($"{csv}: column '{field.Name}' holds true or false, found '{cell}'"),
                    };
                }

                return group.WriteAsync<bool>(field, booleans, null, null, cancellationToken);
            default:
                var text = new string[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    text[r] = rows[r][c].Length == 0 ? null! : rows[r][c];
                }

                return group.WriteAsync(field, text, null);
        }
    }
}
