namespace QiSdk.Tests.Embedding;

/// <summary>README's embedding code is the compiled example (examples/ReadmeSnippet, run by .ci/run), character for character.</summary>
public sealed class ReadmeSnippetTests
{
    [Test]
    public void The_readme_embedding_code_is_the_compiled_example()
    {
        string program = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "ReadmeSnippet", "Program.cs")).ReplaceLineEndings("\n");
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).ReplaceLineEndings("\n");
        const string begin = "// README:begin\n";
        int from = program.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        string snippet = program[from..program.IndexOf("// README:end", StringComparison.Ordinal)];
        const string heading = "## Embedding in a host record system\n\n```csharp\n";
        int start = readme.IndexOf(heading, StringComparison.Ordinal) + heading.Length;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        Assert.That(block, Is.EqualTo(snippet));
    }
}
