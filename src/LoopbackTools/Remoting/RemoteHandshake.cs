using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The first object the remote script writes: whether the host can run the call with this computer's version of
    /// the module, and if not, what it has. Recognised by the call's nonce, never by shape alone.
    /// </summary>
    internal sealed class RemoteHandshake
    {
        private RemoteHandshake(bool ready, string? reason, IReadOnlyList<string> available, string powerShell, string? copied)
        {
            Ready = ready;
            Reason = reason;
            Available = available;
            PowerShell = powerShell;
            Copied = copied;
        }

        public bool Ready { get; }

        /// <summary>What Import-Module said, when it failed.</summary>
        public string? Reason { get; }

        /// <summary>The LoopbackTools versions the host has (installed or imported); empty when none.</summary>
        public IReadOnlyList<string> Available { get; }

        /// <summary>The host's PowerShell, as "PowerShell 7.6.9 (Core)".</summary>
        public string PowerShell { get; }

        /// <summary>The temporary folder a copy of the module was imported from (-CopyModule), removed after the call.</summary>
        public string? Copied { get; }

        public static RemoteHandshake? From(PSObject item, string nonce)
        {
            if (Text(item, "Nonce") != nonce)
            {
                return null;
            }

            var available = new List<string>();
            var value = item.Properties["Available"]?.Value;
            if ((value is PSObject wrapped ? wrapped.BaseObject : value) is IEnumerable versions && !(value is string))
            {
                foreach (var version in versions)
                {
                    if (version != null)
                    {
                        available.Add(version.ToString()!);
                    }
                }
            }
            else if (value != null)
            {
                available.Add(value.ToString()!);
            }

            bool ready = item.Properties["Ready"]?.Value is bool b && b;
            string powerShell = $"PowerShell {Text(item, "PSVersion")} ({Text(item, "PSEdition")})";
            return new RemoteHandshake(ready, Text(item, "Reason"), available, powerShell, Text(item, "Copied"));
        }

        private static string? Text(PSObject item, string name)
        {
            string? text = item.Properties[name]?.Value?.ToString();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
