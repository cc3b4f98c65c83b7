using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace QiSdk.Tests.Feedback;

/// <summary>
/// The HTML reports in a real browser: Microsoft.Playwright driving Debian's chromium (Playwright's own browser
/// download is never used). Each page loads with no console errors and no network request, every chart is present and
/// visible, the numbers shown match comparison.json / trend.json, and a screenshot is kept under TestResults/.
/// Without chromium the tests install it when running as root (as CI does), otherwise they are skipped with one line
/// saying how to enable them.
/// </summary>
[NonParallelizable]
public sealed class BrowserTests
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowserContext? _context;
    private string? _userData;

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        string? chromium = FindChromium() ?? TryInstallChromium();
        if (chromium is null)
        {
            Assert.Ignore("Browser tests skipped: Debian's chromium is not installed. Enable them with 'apt-get update && apt-get install -y chromium' (as root).");
        }

        _playwright = await Playwright.CreateAsync();
        _userData = TestPaths.NewTempFolder();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_userData, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        _playwright?.Dispose();
    }

    [Test]
    public async Task Comparison_report_shows_a_visible_funnel_per_indicator_and_the_numbers_of_comparison_json()
    {
        var cluster = FeedbackCluster.Get();
        var page = await OpenAsync(Path.Combine(cluster.Compare, "report.html"), "comparison");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cluster.Compare, "comparison.json")));
        var indicators = json.RootElement.GetProperty("indicators").EnumerateArray().ToList();
        Assert.That(await page.Locator("svg.chart[data-chart=funnel]").CountAsync(), Is.EqualTo(indicators.Count));
        await AllChartsVisibleAsync(page);

        int checkedRates = 0;
        foreach (var indicator in indicators)
        {
            string id = indicator.GetProperty("id").GetString()!;
            var section = page.Locator($"section[data-indicator='{id}']");
            Assert.That(await section.Locator("h2").InnerTextAsync(), Is.EqualTo(indicator.GetProperty("title").GetString()));
            Assert.That(await section.Locator(".meta").First.InnerTextAsync(), Does.Contain(indicator.GetProperty("improvement").GetString() == "increase" ? "higher is better" : "lower is better"));
            foreach (var row in indicator.GetProperty("practices").EnumerateArray())
            {
                string practice = row.GetProperty("practice").GetString()!;
                var tr = section.Locator($"tr[data-practice='{practice}']");
                string shownRate = await tr.Locator("[data-field=rate]").InnerTextAsync();
                string shownSignal = await tr.Locator("[data-field=signal]").InnerTextAsync();
                Assert.That(shownSignal, Does.EndWith(row.GetProperty("signal").GetString()!));
                if (row.GetProperty("rate").ValueKind == JsonValueKind.Number)
                {
                    double rate = row.GetProperty("rate").GetDouble();
                    Assert.That(shownRate, Is.EqualTo((rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"), $"{id} {practice}");
                    string? plotted = await section.Locator($"svg [data-practice='{practice}']").GetAttributeAsync("data-rate");
                    Assert.That(double.Parse(plotted!, CultureInfo.InvariantCulture), Is.EqualTo(rate).Within(1e-6), "the funnel point is where the JSON says");
                    checkedRates++;
                }
                else
                {
                    Assert.That(shownRate, Is.EqualTo("withheld"));
                }
            }
        }

        Assert.That(checkedRates, Is.GreaterThan(8));
    }

    [Test]
    public async Task Practice_copy_loads_cleanly_and_names_no_peer()
    {
        var cluster = FeedbackCluster.Get();
        var page = await OpenAsync(Path.Combine(cluster.CompareFor, "report.html"), "comparison-for-practice");
        await AllChartsVisibleAsync(page);
        string text = await page.Locator("body").InnerTextAsync();
        Assert.That(text, Does.Contain("A81003 (you)").Or.Contain("A81003"));
        foreach (string peer in FeedbackCluster.Practices.Select(p => p.Code).Where(c => c != "A81003"))
        {
            Assert.That(text, Does.Not.Contain(peer));
        }
    }

    [Test]
    public async Task Trend_report_shows_a_run_chart_and_a_p_chart_per_indicator_matching_trend_json()
    {
        var cluster = FeedbackCluster.Get();
        var page = await OpenAsync(Path.Combine(cluster.Trend, "trend.html"), "trend");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cluster.Trend, "trend.json")));
        var indicators = json.RootElement.GetProperty("indicators").EnumerateArray().ToList();
        Assert.That(await page.Locator("svg.chart[data-chart=run]").CountAsync(), Is.EqualTo(indicators.Count));
        Assert.That(await page.Locator("svg.chart[data-chart=p-chart]").CountAsync(), Is.EqualTo(indicators.Count));
        await AllChartsVisibleAsync(page);
        foreach (var indicator in indicators.Take(6))
        {
            var section = page.Locator($"section[data-indicator='{indicator.GetProperty("id").GetString()}']");
            foreach (var point in indicator.GetProperty("points").EnumerateArray())
            {
                string date = point.GetProperty("date").GetString()!;
                string shown = await section.Locator($"tr[data-date='{date}'] [data-field=rate]").InnerTextAsync();
                string expected = point.GetProperty("rate").ValueKind == JsonValueKind.Number ? (point.GetProperty("rate").GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";
                Assert.That(shown, Is.EqualTo(expected), date);
            }

            if (indicator.GetProperty("median").ValueKind == JsonValueKind.Number)
            {
                Assert.That(await section.Locator(".meta").First.InnerTextAsync(), Does.Contain("median " + (indicator.GetProperty("median").GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"));
            }
        }
    }

    [Test]
    public async Task Self_check_report_loads_with_every_chart_visible_and_readable_on_a_phone()
    {
        var cluster = FeedbackCluster.Get();
        var page = await OpenAsync(Path.Combine(cluster.Report, "report.html"), "self-check");
        await AllChartsVisibleAsync(page);
        Assert.That(await page.Locator("table[data-testid=indicators] tbody tr").CountAsync(), Is.GreaterThan(10));

        // Phone width: the page must not scroll sideways (wide tables scroll inside their own box).
        await page.SetViewportSizeAsync(390, 844);
        int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.That(overflow, Is.LessThanOrEqualTo(0));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("self-check-phone"), FullPage = false });
    }

    private async Task<IPage> OpenAsync(string file, string name)
    {
        var page = await _context!.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        string url = new Uri(file).AbsoluteUri;
        page.Request += (_, request) =>
        {
            if (request.Url != url)
            {
                requests.Add(request.Url);
            }
        };
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.That(response is null || response.Ok, Is.True, $"{file} loads");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(name), FullPage = true });
        Assert.That(errors, Is.Empty, "no console errors");
        Assert.That(requests, Is.Empty, "no network requests: the page is self-contained");
        return page;
    }

    private static async Task AllChartsVisibleAsync(IPage page)
    {
        var charts = page.Locator("svg.chart");
        int count = await charts.CountAsync();
        Assert.That(count, Is.GreaterThan(0));
        for (int i = 0; i < count; i++)
        {
            var chart = charts.Nth(i);
            Assert.That(await chart.IsVisibleAsync(), Is.True, $"chart {i}");
            var box = await chart.BoundingBoxAsync();
            Assert.That(box!.Width, Is.GreaterThan(200), $"chart {i} has a usable size");
            Assert.That(await chart.Locator("title").CountAsync(), Is.GreaterThan(0), "every chart has a title");
            Assert.That(await chart.Locator("desc").TextContentAsync(), Is.Not.Empty, "and a text equivalent");
        }
    }

    private static string Screenshot(string name)
    {
        string dir = Path.Combine(TestPaths.RepoRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    private static string? FindChromium()
    {
        foreach (string candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>As root on Debian (as CI is), installs chromium with apt-get; otherwise returns null.</summary>
    private static string? TryInstallChromium()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            return null;
        }

        TestContext.Progress.WriteLine("chromium not found: installing it with apt-get (root)...");
        foreach (string args in new[] { "update -qq", "install -y -qq chromium" })
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
            {
                return null;
            }
        }

        return FindChromium();
    }
}
