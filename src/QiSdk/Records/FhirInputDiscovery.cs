using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QiSdk.Records;

/// <summary>Turns the paths a user gives into inputs: files as given, folders expanded recursively in a stable order.</summary>
/// <remarks>
/// The walk never follows a link to a folder (so a loop of links cannot make it endless), reads every file once however
/// it is reached (the same path twice, a folder and a file in it, a link to a file: compared by the path with every link
/// resolved), reports a folder it cannot list and goes on, and skips entries that are not regular files (a FIFO would
/// block the read forever). Hard links (two names of one file) are not detected: .NET exposes no inode number.
/// </remarks>
internal static class FhirInputDiscovery
{
    /// <summary>
    /// Every path is checked before anything is read, so a typo fails fast. Files in folders that are not FHIR JSON by
    /// name are reported (information) and not read; a file given explicitly is read whatever its name (JSON unless it
    /// ends in .ndjson, .ndjson.gz or .json.gz) and whatever its kind (a pipe such as <c>/dev/stdin</c> is read).
    /// </summary>
    public static List<FhirInput> Expand(IEnumerable<string> paths, FhirReadSession session)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var given = paths.ToList();
        if (given.Count == 0)
        {
            throw new ArgumentException("At least one input path is needed.", nameof(paths));
        }

        foreach (string path in given)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("An input path is empty.", nameof(paths));
            }

            if (!File.Exists(path) && !Directory.Exists(path))
            {
                var issue = new DataQualityIssue(ReaderErrors.PathNotFound, DataQualitySeverity.Error, ReaderErrors.PathNotFoundMessage(path)) { File = path };
                throw new FhirReadException(issue);
            }
        }

        var inputs = new List<FhirInput>();
        var seen = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (string path in given)
        {
            if (File.Exists(path))
            {
                if (FirstTime(Canonical(path), path))
                {
                    inputs.Add(FhirInput.FromFile(path));
                }

                continue;
            }

            string root = Canonical(path);
            if (!FirstTime(root + Path.DirectorySeparatorChar, path))
            {
                continue;
            }

            foreach (var (full, relative, isLink, length) in Walk(path, session))
            {
                if (FhirInput.FormatFromName(full) is not { } format)
                {
                    session.ReportInputProblem(ReaderErrors.FileNotRead, DataQualitySeverity.Information, full, ReaderErrors.FileNotReadMessage());
                    continue;
                }

                // Folders are never entered through links, so only a file that is itself a link needs resolving.
                string key = isLink ? Canonical(full) : Path.Combine(root, relative);
                if (!FirstTime(key, full))
                {
                    continue;
                }

                if (length == 0 && IsFifoOrSocket(full))
                {
                    session.ReportInputProblem(ReaderErrors.NotARegularFile, DataQualitySeverity.Warning, full, ReaderErrors.NotARegularFileMessage());
                    continue;
                }

                // A link's size is not the walk's to know (it did not follow it): stat'ed when the read is planned.
                inputs.Add(isLink ? FhirInput.FromFile(full, format) : FhirInput.FromFoundFile(full, format, length));
            }
        }

        return inputs;

        bool FirstTime(string key, string shown)
        {
            if (seen.TryAdd(key, shown))
            {
                return true;
            }

            session.ReportInputProblem(ReaderErrors.SameFileTwice, DataQualitySeverity.Information, shown, ReaderErrors.SameFileTwiceMessage(seen[key]));
            return false;
        }
    }

    /// <summary>Every file below <paramref name="folder"/>, in ordinal order of the relative path; folder links are not entered.</summary>
    private static List<FoundFile> Walk(string folder, FhirReadSession session)
    {
        var files = new List<FoundFile>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions
                {
                    RecurseSubdirectories = false,
                    IgnoreInaccessible = false,
                    AttributesToSkip = FileAttributes.None,
                    ReturnSpecialDirectories = false,
                })];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                session.ReportInputProblem(ReaderErrors.Unreadable, DataQualitySeverity.Error, dir, ReaderErrors.UnreadableFolderMessage(ex.Message));
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo sub)
                {
                    if (sub.LinkTarget is { } target)
                    {
                        session.ReportInputProblem(ReaderErrors.FolderLinkNotFollowed, DataQualitySeverity.Information, sub.FullName, ReaderErrors.FolderLinkMessage(target));
                    }
                    else
                    {
                        pending.Push(sub.FullName);
                    }

                    continue;
                }

                // The enumeration already knows the attributes: only a reparse point (a link) costs a readlink.
                bool isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0 && entry.LinkTarget is not null;
                if (isLink && Directory.Exists(entry.FullName))
                {
                    // Some platforms list a link to a folder as a file entry.
                    session.ReportInputProblem(ReaderErrors.FolderLinkNotFollowed, DataQualitySeverity.Information, entry.FullName, ReaderErrors.FolderLinkMessage(entry.LinkTarget));
                    continue;
                }

                files.Add(new FoundFile(entry.FullName, Path.GetRelativePath(folder, entry.FullName).Replace('\\', '/'), isLink, entry is FileInfo f && !isLink ? f.Length : 0));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return files;
    }

    /// <summary>
    /// A file the walk found. A class, not a value tuple: a list and sort of a reference type run the framework's shared,
    /// precompiled code, where a value tuple's would be compiled at run time in a ReadyToRun host (eCQM speed, third pass).
    /// </summary>
    private sealed record FoundFile(string Full, string Relative, bool IsLink, long Length);

    /// <summary>The absolute path with every link resolved, component by component (as realpath does), at most 40 links.</summary>
    internal static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? string.Empty;
        var pending = new Stack<string>();
        PushParts(pending, full[root.Length..]);
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Combine(current, part);
            string? target = links < 40 ? TryLinkTarget(next) : null;
            if (target is null)
            {
                current = next;
                continue;
            }

            links++;
            string resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
            string resolvedRoot = Path.GetPathRoot(resolved) ?? root;
            PushParts(pending, resolved[resolvedRoot.Length..]);
            current = resolvedRoot;
        }

        return current;

        static void PushParts(Stack<string> stack, string relative)
        {
            var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                stack.Push(parts[i]);
            }
        }

        static string? TryLinkTarget(string p)
        {
            try
            {
                return new FileInfo(p).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// True for a FIFO or socket. .NET reports no file type, so on Linux and macOS an empty-looking entry (they all have
    /// length 0) is opened without blocking (O_NONBLOCK) and asked whether it can seek: a regular file can, a FIFO cannot;
    /// a socket cannot be opened at all.
    /// </summary>
    private static bool IsFifoOrSocket(string path)
    {
        int flags;
        if (OperatingSystem.IsLinux())
        {
            flags = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC
        }
        else if (OperatingSystem.IsMacOS())
        {
            flags = 0x4 | 0x1000000;
        }
        else
        {
            return false;
        }

        try
        {
            if (new FileInfo(path).Length != 0)
            {
                return false;
            }
        }
        catch (IOException)
        {
            return false;
        }

        int fd = NativeMethods.Open(path, flags);
        if (fd < 0)
        {
            return true;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            return !stream.CanSeek;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
