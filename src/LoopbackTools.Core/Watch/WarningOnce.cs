using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LoopbackTools.Watch
{
    /// <summary>
    /// Decides which of a watch's warnings are worth writing: each kind once. A poll's warning embeds its counts
    /// ("3 of 41 sockets have no visible owner"), which change from poll to poll while the news stays the same, so
    /// warnings that differ only in their numbers are one kind.
    /// </summary>
    internal sealed class WarningOnce
    {
        private static readonly Regex Numbers = new Regex("[0-9]+", RegexOptions.CultureInvariant);
        private readonly HashSet<string> _seen = new HashSet<string>();

        /// <summary>True the first time a warning of this kind is seen.</summary>
        public bool IsNew(string warning) => _seen.Add(KindOf(warning));

        internal static string KindOf(string warning) => Numbers.Replace(warning, "#");
    }
}
