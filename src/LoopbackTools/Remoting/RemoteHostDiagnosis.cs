using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using LoopbackTools.Remoting;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Says why a host's session cannot be used. PowerShell keeps only a generic "transport broken" message for an
    /// SSH session (ssh's own words go to the console), so for SSH the host is asked again with ssh and the same
    /// settings, and ssh's reason is quoted ("Connection refused", "Host key verification failed."). Runs on a worker
    /// thread: a dead host must not hold up the others' results.
    /// </summary>
    internal static class RemoteHostDiagnosis
    {
        private static readonly TimeSpan SshLimit = TimeSpan.FromSeconds(SshProbe.ConnectTimeoutSeconds + 10);

        public static string Describe(PSSession session, Exception? failure, bool askSsh, CancellationToken token)
        {
            string reason = SessionReason(session, failure);
            string? ssh = null;
            var info = session.Runspace?.ConnectionInfo;
            if (askSsh && info != null && info.GetType().Name == "SSHConnectionInfo" && !token.IsCancellationRequested)
            {
                ssh = AskSsh(PSObject.AsPSObject(info), session.ComputerName, token);
            }

            return RemoteHostText.Unavailable(session.ComputerName, reason, ssh);
        }

        private static string SessionReason(PSSession session, Exception? failure)
        {
            var state = session.Runspace?.RunspaceStateInfo;
            var e = failure ?? state?.Reason;
            if (e != null && !string.IsNullOrWhiteSpace(e.Message))
            {
                return e.Message;
            }

            return state?.State switch
            {
                RunspaceState.Closed => "the session is closed; open a new one with New-PSSession.",
                RunspaceState.Disconnected => "the session is disconnected; reconnect it with Connect-PSSession.",
                RunspaceState.Broken => "the session is broken; open a new one with New-PSSession.",
                null => "the session has no runspace.",
                _ => $"the session is {state.State}, not Opened.",
            };
        }

        private static string? AskSsh(PSObject info, string host, CancellationToken token)
        {
            var options = new List<KeyValuePair<string, string>>();
            if (info.Properties["Options"]?.Value is PSObject { BaseObject: Hashtable wrapped })
            {
                AddOptions(options, wrapped);
            }
            else if (info.Properties["Options"]?.Value is Hashtable table)
            {
                AddOptions(options, table);
            }

            int port = info.Properties["Port"]?.Value is int p ? p : 0;
            var args = SshProbe.Arguments(
                info.Properties["ComputerName"]?.Value as string ?? host,
                port,
                info.Properties["UserName"]?.Value as string,
                info.Properties["KeyFilePath"]?.Value as string,
                options);

            var start = new ProcessStartInfo("ssh", SshProbe.CommandLine(args))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            try
            {
                using var process = Process.Start(start)!;
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var deadline = DateTime.UtcNow + SshLimit;
                while (!process.WaitForExit(100))
                {
                    if (token.IsCancellationRequested || DateTime.UtcNow > deadline)
                    {
                        process.Kill();
                        return null;
                    }
                }

                process.WaitForExit();
                return process.ExitCode == 0
                    ? RemoteHostText.SshReachesHost
                    : SshFailureText.Reason(stderr.Result) ?? $"ssh ended with exit code {process.ExitCode} and gave no reason.";
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException)
            {
                // No ssh to ask (or it could not start): the session's own message is all there is.
                return null;
            }
        }

        private static void AddOptions(List<KeyValuePair<string, string>> options, Hashtable table)
        {
            foreach (DictionaryEntry entry in table)
            {
                options.Add(new KeyValuePair<string, string>(entry.Key?.ToString() ?? string.Empty, entry.Value?.ToString() ?? string.Empty));
            }
        }
    }
}
