namespace QiSdk.Privacy;

/// <summary>
/// Writes what a <see cref="DisclosurePipeline"/> cleared for release as the document that leaves the practice. The
/// privacy stage decides which cells and rows leave; the reports stage (a later stage) renders them, so privacy never
/// depends on a report writer. The built-in renderer writes a FHIR R4 Bundle of MeasureReports
/// (<c>QiSdk.Reports.MeasureReportDisclosure</c>).
/// </summary>
internal interface IDisclosureRenderer
{
    /// <summary>Renders the released (not withheld) cells of every indicator and every pseudonymised row of a draft.</summary>
    /// <param name="draft">The draft after every policy ran (not refused).</param>
    /// <param name="generatedAt">The release time.</param>
    /// <param name="indented">Indent the output.</param>
    /// <param name="cancellationToken">Stops the rendering.</param>
    /// <returns>The bytes that leave.</returns>
    byte[] Render(DisclosureDraft draft, DateTimeOffset generatedAt, bool indented, CancellationToken cancellationToken);
}
