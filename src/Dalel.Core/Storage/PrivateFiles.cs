namespace Dalel.Core.Storage;

/// <summary>
/// Files and directories Dalel makes are its owner's alone: files 0600, directories 0700 (on Unix; Windows inherits the
/// folder's ACL). Existing ones are tightened, and the caller is told so it can say it.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory 0700, or tightens an existing one. True when an existing one was looser.</summary>
    public static bool Directory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return false;
        }

        if (!System.IO.Directory.Exists(path))
        {
            System.IO.Directory.CreateDirectory(path, OwnerDirectory);
            return false;
        }

        return Tighten(path, OwnerDirectory);
    }

    /// <summary>Tightens an existing file to 0600. True when it was looser.</summary>
    public static bool File(string path) => !OperatingSystem.IsWindows() && System.IO.File.Exists(path) && Tighten(path, OwnerFile);


    /// <summary>Creates (or truncates) a file readable by its owner only, for writing.</summary>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        var stream = new FileStream(path, options);
        // An existing file keeps its mode when truncated: tighten it too.
        File(path);
        return stream;
    }

    /// <summary>Writes all bytes to a file readable by its owner only.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = Create(path);
        stream.Write(bytes);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool Tighten(string path, UnixFileMode wanted)
    {
        var mode = System.IO.File.GetUnixFileMode(path);
        if ((mode & ~wanted) == 0)
        {
            return false;
        }

        System.IO.File.SetUnixFileMode(path, mode & wanted);
        return true;
    }
}
