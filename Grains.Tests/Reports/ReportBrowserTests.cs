// The report in a real browser: a run's report.html (and an experiment's, and a comparison page) opened
// in headless Chromium at a laptop's screen size, with no console errors or failed loads, every image
// decoded at a non-zero size and shown, every table rendered with its rows, nothing wider than the
// screen; a full-page screenshot of each, and one of its first screen, go to TestResults/screenshots/ to be
// looked at.
using PuppeteerSharp;
using ProverSim.Grains.Tests.Scenarios;

namespace ProverSim.Grains.Tests.Reports;

public sealed class ReportBrowserTests : IDisposable
{
    private readonly ScenarioFiles _files = new();

    [SkippableFact]
    public async Task ARunsReportReadsWellInChromium()
    {
        var chromium = Chromium.Find();
        var results = _files.Results("run");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "20")), "--out", results, "--quiet").Code);

        var page = await OpenAsync(chromium, Path.Combine(results, "report.html"), "run-report.png");

        Assert.InRange(page.Images.Length, 5, 50);
        Assert.InRange(page.Tables.Length, 3, 50);
    }

    [SkippableFact]
    public async Task AnExperimentsReportAndAComparisonReadWellInChromium()
    {
        var chromium = Chromium.Find();
        var experiment = _files.Results("experiment");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("tier-sweep", ("slots", "8"), ("replications", "2")), "--out", experiment, "--quiet").Code);
        var single = _files.Results("single");
        Assert.Equal(0, ProvsimProcess.Run("run", _files.Example("baseline", ("slots", "8")), "--out", single, "--quiet").Code);
        var compared = Path.Combine(_files.Directory, "compare.html");
        Assert.Equal(0, ProvsimProcess.Run("compare", single, experiment, "--out", compared).Code);

        var report = await OpenAsync(chromium, Path.Combine(experiment, "report.html"), "experiment-report.png");
        var comparison = await OpenAsync(chromium, compared, "comparison.png");

        Assert.NotEmpty(report.Images);
        Assert.NotEmpty(report.Tables);
        Assert.NotEmpty(comparison.Tables);
    }

    private sealed record Shown(string Alt, bool Complete, int Width, int Height, double ShownWidth);

    private sealed record Rendered(int Rows, double Height);

    private sealed record Page(Shown[] Images, Rendered[] Tables);

    // Opens the page at 1366 × 768, checks what every page must satisfy and saves a full-page screenshot.
    private static async Task<Page> OpenAsync(string chromium, string file, string screenshot)
    {
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1366, Height = 768 });
        var problems = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                problems.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Add($"failed to load {e.Request.Url}");

        var response = await page.GoToAsync(new Uri(file).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
        Assert.True(response is null || response.Ok, $"{file}: {response?.Status}");
        await page.EvaluateExpressionAsync("Promise.all([...document.images].map(i => i.decode()))");

        var images = await page.EvaluateExpressionAsync<Shown[]>(
            "[...document.images].map(i => ({ alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, shownWidth: i.getBoundingClientRect().width }))");
        var tables = await page.EvaluateExpressionAsync<Rendered[]>(
            "[...document.querySelectorAll('table')].map(t => ({ rows: t.rows.length, height: t.getBoundingClientRect().height }))");
        var overflow = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth - window.innerWidth");

        var folder = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(Path.Combine(folder, screenshot), new ScreenshotOptions { FullPage = true });
        await page.ScreenshotAsync(Path.Combine(folder, Path.ChangeExtension(screenshot, null) + "-first-screen.png"));

        Assert.Empty(problems);
        Assert.All(images, i => Assert.True(i.Complete && i.Width > 0 && i.Height > 0 && i.ShownWidth > 0, $"image '{i.Alt}' did not decode or is not shown: {i}"));
        Assert.All(tables, t => Assert.True(t.Rows >= 2 && t.Height > 0, $"a table did not render its rows: {t}"));
        Assert.True(overflow <= 0, $"{Path.GetFileName(file)} is {overflow} px wider than a 1366 px screen");
        return new Page(images, tables);
    }

    public void Dispose() => _files.Dispose();
}

/// <summary>Debian's Chromium (or PROVSIM_TEST_CHROMIUM); missing, the test is skipped, and fails in CI.</summary>
public static class Chromium
{
    public static string Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PROVSIM_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
        if (candidates.FirstOrDefault(c => c is { Length: > 0 } && File.Exists(c)) is { } found)
        {
            return found;
        }

        throw Cluster.ClusterServers.Missing("this test needs Chromium: install Debian's 'chromium' package (.ci/run does) or set PROVSIM_TEST_CHROMIUM");
    }
}
