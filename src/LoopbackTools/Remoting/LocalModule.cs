using System;
using System.Collections;
using System.IO;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// This computer's LoopbackTools as a remote host must match it: its version, and for -CopyModule its own files
    /// (read once per call, only when a host needs them).
    /// </summary>
    internal sealed class LocalModule
    {
        private Hashtable? _files;

        private LocalModule(string version, string folder, string entry)
        {
            Version = version;
            Folder = folder;
            Entry = entry;
        }

        public string Version { get; }

        /// <summary>The folder the module was imported from (ModuleBase).</summary>
        public string Folder { get; }

        /// <summary>The file a copy is imported through: the manifest, or the assembly when the module was imported without it.</summary>
        public string Entry { get; }

        public static LocalModule Of(PSCmdlet cmdlet)
        {
            var module = cmdlet.MyInvocation.MyCommand.Module;
            string assembly = typeof(LocalModule).Assembly.Location;
            string folder = module?.ModuleBase ?? Path.GetDirectoryName(assembly)!;
            string version = module?.Version?.ToString() ?? typeof(LocalModule).Assembly.GetName().Version!.ToString(3);
            string entry = File.Exists(Path.Combine(folder, "LoopbackTools.psd1")) ? "LoopbackTools.psd1" : Path.GetFileName(assembly);
            return new LocalModule(version, folder, entry);
        }

        /// <summary>Every file of the module folder, by path relative to it ('/' separated), as bytes.</summary>
        public Hashtable Files()
        {
            if (_files != null)
            {
                return _files;
            }

            var files = new Hashtable(StringComparer.Ordinal);
            string root = Path.GetFullPath(Folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            {
                string relative = file.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/');
                files[relative] = File.ReadAllBytes(file);
            }

            _files = files;
            return files;
        }
    }
}
