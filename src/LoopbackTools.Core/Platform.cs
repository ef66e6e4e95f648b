using System.Runtime.InteropServices;

namespace LoopbackTools
{
    /// <summary>Which OS we are on; netstandard2.0 has no OperatingSystem.IsLinux().</summary>
    internal static class Platform
    {
        public static bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static bool IsLinux { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        public static bool IsMacOS { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    }
}
