// The results tables as Parquet: read back with an independent implementation (ParquetSharp, over the
// Apache Arrow C++ library) they hold the CSVs' columns in order, typed, and the CSVs' values row for
// row; two runs of the same scenario and seed write the same bytes; an experiment's runs each get them;
// a table longer than a row group spans several; Parquet alone is refused with the reason.
using ParquetSharp;
using ProverSim.Reports;
using ProverSim.Scenarios.Results;

namespace ProverSim.Grains.Tests.Scenarios;

public sealed class ParquetTablesTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [Fact]
    public void ARunsParquetTablesHoldTheCsvsRowForRowTyped()
    {
        var results = _files.Results("parquet");
        var (code, stdout, stderr) = ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "12")), "--out", results, "--format", "csv,parquet");
        Assert.True(code == 0, stderr);
        Assert.Contains("parquet: 7 tables written beside the CSVs", stdout);

        foreach (var (table, _) in ResultsWriter.Tables)
        {
            var csv = ReadCsv(Path.Combine(results, table + ".csv"));
            var (names, types, columns) = ReadParquet(Path.Combine(results, table + ".parquet"));
            Assert.Equal(csv[0], names);
            Assert.True(csv.Count > 1, $"{table}.csv has no rows");
            for (var c = 0; c < names.Length; c++)
            {
                Assert.Equal(csv.Count - 1, columns[c].Length);
                for (var r = 1; r < csv.Count; r++)
                {
                    Assert.True(csv[r][c] == columns[c][r - 1], $"{table}.parquet row {r} column {names[c]}: '{columns[c][r - 1]}', the CSV has '{csv[r][c]}'");
                }
            }

            // The types a user gets: ids, amounts and times as INT64, flags as BOOLEAN, words as strings.
            var expected = new Dictionary<string, (string Table, string Column, string Type)[]>
            {
                ["workloads"] = [("workloads", "workload_id", "Int64"), ("workloads", "escrow", "Int64"), ("workloads", "first_proof_us", "Int64"), ("workloads", "outcome", "String"), ("workloads", "allocated", "String")],
                ["challenges"] = [("challenges", "passed", "Boolean"), ("challenges", "deadline_us", "Int64"), ("challenges", "kind", "String")],
                ["provers"] = [("provers", "removed", "Boolean"), ("provers", "tier_rewards", "Int64"), ("provers", "group", "String"), ("provers", "run_id", "String")],
                ["slots"] = [("slots", "market_fills", "Int64"), ("slots", "beacon_beta", "String")],
            };
            foreach (var (_, column, type) in expected.GetValueOrDefault(table) ?? [])
            {
                Assert.Equal(type, types[Array.IndexOf(names, column)]);
            }
        }
    }

    [Fact]
    public void TheSameScenarioAndSeedWriteTheSameParquetBytes()
    {
        var scenario = _files.Example("baseline", ("slots", "8"));
        var first = _files.Results("first");
        var second = _files.Results("second");
        Assert.Equal(0, ProvsimProcess.Run("run", scenario, "--out", first, "--format", "parquet,CSV", "--quiet").Code);
        Assert.Equal(0, ProvsimProcess.Run("run", scenario, "--out", second, "--format", "csv,parquet", "--quiet").Code);

        foreach (var (table, _) in ResultsWriter.Tables)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, table + ".parquet")), File.ReadAllBytes(Path.Combine(second, table + ".parquet")));
        }

        // The manifest lists them with the other files the scenario and seed decide.
        var listed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(first, "manifest.json")))!["files"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.Equal([.. ResultsWriter.Files, .. ResultsWriter.Tables.Select(t => t.Name + ".parquet")], listed);
    }

    [Fact]
    public void EachRunOfAnExperimentGetsItsTables()
    {
        var results = _files.Results("experiment");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("tier-sweep", ("slots", "6"), ("replications", "1")), "--out", results, "--format", "csv,parquet", "--quiet").Code);

        var runs = Directory.GetDirectories(Path.Combine(results, "runs"));
        Assert.Equal(3, runs.Length);
        foreach (var run in runs)
        {
            var (names, _, columns) = ReadParquet(Path.Combine(run, "provers.parquet"));
            Assert.Equal("protocol.tiers", names[1]);
            Assert.All(columns[0], id => Assert.Equal(Path.GetFileName(run), id));
        }
    }

    [Fact]
    public async Task ATableLongerThanARowGroupSpansSeveral()
    {
        var csv = Path.Combine(_files.Directory, "membership.csv");
        var rows = ParquetTables.RowGroupRows * 2 + 5;
        File.WriteAllLines(csv, ["run_id,replication,slot,prover_id,event,detail", .. Enumerable.Range(0, rows).Select(i => $"run,0,{i},{i % 7},joined,\"a, \"\"quoted\"\" detail\"")]);
        var parquet = Path.ChangeExtension(csv, ".parquet");

        await ParquetTables.WriteAsync(csv, "membership", parquet);

        using var reader = new ParquetFileReader(parquet);
        Assert.Equal(3, reader.FileMetaData.NumRowGroups);
        Assert.Equal(rows, reader.FileMetaData.NumRows);
        var (_, _, columns) = ReadParquet(parquet);
        Assert.Equal($"{rows - 1}", columns[2][^1]);
        Assert.All(columns[5], d => Assert.Equal("a, \"quoted\" detail", d));
    }

    [Fact]
    public async Task ACellOfTheWrongKindIsAClearError()
    {
        var csv = Path.Combine(_files.Directory, "slots.csv");
        File.WriteAllLines(csv, ["run_id,replication,slot", "run,0,seven"]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ParquetTables.WriteAsync(csv, "slots", Path.ChangeExtension(csv, ".parquet")));

        Assert.Contains("column 'slot' holds whole numbers, found 'seven'", error.Message);
        Assert.False(File.Exists(Path.ChangeExtension(csv, ".parquet")));
    }

    [Theory]
    [InlineData("parquet", "the CSVs are always written")]
    [InlineData("csv,feather", "unknown format 'feather'; allowed: csv, or csv,parquet")]
    public void AFormatWithoutCsvOrUnknownIsRefused(string format, string reason)
    {
        var (code, _, stderr) = ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "2")), "--out", _files.Results("refused"), "--format", format);
        Assert.Equal(2, code);
        Assert.Contains(reason, stderr);
    }

    // The CSV's records, header first (RFC 4180, as any reader parses it).
    private static List<string[]> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return [.. CsvRecords.Read(reader)];
    }

    // Every column of every row group, rendered as the CSV renders it (null as empty), with its type.
    private static (string[] Names, string[] Types, string[][] Columns) ReadParquet(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var names = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name).ToArray();
        var types = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).LogicalType switch
        {
            StringLogicalType => "String",
            _ => schema.Column(i).PhysicalType.ToString(),
        }).ToArray();
        var columns = names.Select(_ => new List<string>()).ToArray();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var count = checked((int)group.MetaData.NumRows);
            for (var c = 0; c < names.Length; c++)
            {
                using var column = group.Column(c);
                IEnumerable<string> values = types[c] switch
                {
                    "Int64" => column.LogicalReader<long?>().ReadAll(count).Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    "Boolean" => column.LogicalReader<bool?>().ReadAll(count).Select(v => v is null ? "" : v.Value ? "true" : "false"),
                    _ => column.LogicalReader<string?>().ReadAll(count).Select(v => v ?? ""),
                };
                columns[c].AddRange(values);
            }
        }

        return (names, types, [.. columns.Select(c => c.ToArray())]);
    }

    public void Dispose() => _files.Dispose();
}
