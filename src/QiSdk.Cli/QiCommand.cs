using System.CommandLine;

namespace QiSdk.Cli;

/// <summary>The <c>qi</c> root command: one subcommand per stage of the data flow.</summary>
internal static class QiCommand
{
    /// <summary>Builds the command tree. Each subcommand lives in <c>Commands/</c>, one file per command.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("qi: read FHIR R4 practice records, normalise codes, evaluate quality indicators and disclose results under a privacy policy.");
        // Subcommands are added here, one line each, in data-flow order.
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.InspectCommand.Create());
        root.Subcommands.Add(Commands.CodesCommand.Create());
        root.Subcommands.Add(Commands.IndicatorsCommand.Create());
        root.Subcommands.Add(Commands.EvaluateCommand.Create());
        root.Subcommands.Add(Commands.DiscloseCommand.Create());
        root.Subcommands.Add(Commands.ClusterCommand.Create());
        root.Subcommands.Add(Commands.BudgetCommand.Create());
        root.Subcommands.Add(Commands.AuditLogCommand.Create());
        root.Subcommands.Add(Commands.CompareCommand.Create());
        root.Subcommands.Add(Commands.TrendCommand.Create());
        root.Subcommands.Add(Commands.ReportCommand.Create());
        root.Subcommands.Add(Commands.SynthCommand.Create());
        return root;
    }
}
