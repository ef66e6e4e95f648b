using System;
using System.Diagnostics;
using System.IO;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>A network namespace made with ip netns add (a name under /run/netns, loopback up), deleted on Dispose.</summary>
    internal sealed class NamedNetns : IDisposable
    {
        public NamedNetns()
        {
            Name = "lbt-c-" + Guid.NewGuid().ToString("N").Substring(0, 10);
            Run("ip", "netns", "add", Name);
            Run("ip", "netns", "exec", Name, "ip", "link", "set", "lo", "up");
        }

        public string Name { get; }

        /// <summary>The namespace's inode (the nsfs file's).</summary>
        public ulong Inode => LoopbackTools.Namespaces.FileInode.Of("/run/netns/" + Name) ?? throw new InvalidOperationException("no inode");

        /// <summary>Runs a command inside the namespace (ip netns exec), failing the test when it fails.</summary>
        public void Exec(params string[] command)
        {
            var args = new string[command.Length + 3];
            args[0] = "netns";
            args[1] = "exec";
            args[2] = Name;
            Array.Copy(command, 0, args, 3, command.Length);
            Run("ip", args);
        }

        public void Dispose()
        {
            if (File.Exists("/run/netns/" + Name))
            {
                Run("ip", "netns", "del", Name);
            }
        }

        public static void Run(string program, params string[] args)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException(program + " did not start");
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
            }
        }
    }
}
