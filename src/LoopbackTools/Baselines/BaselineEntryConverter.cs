using System;
using System.Globalization;
using System.Management.Automation;
using LoopbackTools.Baselines;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Turns whatever a baseline was saved as back into <see cref="BaselineEntry"/>: live Endpoint objects,
    /// Import-Clixml's deserialized objects (enums as numbers with a name), ConvertFrom-Json objects (enums as numbers
    /// in PowerShell 7) and Import-Csv rows (every value a string, empty for null). Address family and exposure are
    /// recomputed from the address, so a hand-edited row cannot contradict itself.
    /// </summary>
    internal static class BaselineEntryConverter
    {
        public static BaselineEntry Convert(object? input, int row, string source)
        {
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value is Endpoint endpoint)
            {
                return BaselineEntry.From(endpoint);
            }

            if (input == null)
            {
                throw Invalid(row, source, "is empty");
            }

            var obj = PSObject.AsPSObject(input);
            var protocol = Enum<TransportProtocol>(Required(obj, "Protocol", row, source), "Protocol", row, source);
            string addressText = Text(Required(obj, "LocalAddress", row, source)) ?? string.Empty;
            if (!BaselineEntry.TryNormalizeAddress(addressText, out string address, out IPFamily family, out Exposure exposure))
            {
                throw Invalid(row, source, $"has LocalAddress '{TerminalText.Escape(addressText)}', which is not an IP address");
            }

            var entry = new BaselineEntry
            {
                Protocol = protocol,
                AddressFamily = family,
                LocalAddress = address,
                LocalPort = Port(Required(obj, "LocalPort", row, source), "LocalPort", row, source),
                Exposure = exposure,
                ProcessId = OptionalInt(obj, "ProcessId", row, source),
                ProcessName = Text(Get(obj, "ProcessName")),
                ProcessPath = Text(Get(obj, "ProcessPath")),
                UserName = Text(Get(obj, "UserName")),
                ContainerName = Text(Get(obj, "ContainerName")),
                NetworkNamespace = OptionalNamespace(obj, row, source),
            };

            var state = Get(obj, "State");
            entry.State = Text(state) == null
                ? (protocol == TransportProtocol.Tcp ? SocketState.Listen : SocketState.Bound)
                : Enum<SocketState>(state, "State", row, source);

            string? remote = Text(Get(obj, "RemoteAddress"));
            if (remote != null && BaselineEntry.TryNormalizeAddress(remote, out string remoteCanonical, out _, out _))
            {
                entry.RemoteAddress = remoteCanonical;
            }

            var remotePort = Get(obj, "RemotePort");
            if (Text(remotePort) != null)
            {
                entry.RemotePort = Port(remotePort, "RemotePort", row, source);
            }

            return entry;
        }

        private static object? Get(PSObject obj, string name)
        {
            var value = obj.Properties[name]?.Value;
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        private static object Required(PSObject obj, string name, int row, string source)
        {
            var value = Get(obj, name);
            if (Text(value) == null)
            {
                throw Invalid(row, source, $"has no {name}; a baseline is the output of Get-LoopbackEndpoint -Listening saved with Export-Csv, ConvertTo-Json or Export-Clixml");
            }

            return value!;
        }

        /// <summary>Null for a missing value and for the empty string Export-Csv writes for null.</summary>
        private static string? Text(object? value)
        {
            string? text = value switch
            {
                null => null,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            return string.IsNullOrEmpty(text) ? null : text;
        }

        private static T Enum<T>(object? value, string name, int row, string source)
            where T : struct
        {
            if (value is T typed)
            {
                return typed;
            }

            long? number = value switch
            {
                int i => i,
                long l => l,
                short s => s,
                byte b => b,
                uint u => u,
                double d when d == Math.Floor(d) => (long)d,
                string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
                _ => null,
            };
            if (number.HasValue)
            {
                if (System.Enum.IsDefined(typeof(T), (int)number.Value))
                {
                    return (T)System.Enum.ToObject(typeof(T), (int)number.Value);
                }
            }
            else if (value is string text)
            {
                foreach (var candidate in System.Enum.GetNames(typeof(T)))
                {
                    if (string.Equals(candidate, text.Trim(), StringComparison.OrdinalIgnoreCase))
                    {
                        return (T)System.Enum.Parse(typeof(T), candidate);
                    }
                }
            }

            throw Invalid(row, source, $"has {name} '{TerminalText.Escape(Text(value))}', which is not one of {string.Join(", ", System.Enum.GetNames(typeof(T)))}");
        }

        private static int Port(object? value, string name, int row, string source)
        {
            if (TryInt(value, out int port) && port >= 0 && port <= 65535)
            {
                return port;
            }

            throw Invalid(row, source, $"has {name} '{TerminalText.Escape(Text(value))}', which is not a port number");
        }

        private static int? OptionalInt(PSObject obj, string name, int row, string source)
        {
            var value = Get(obj, name);
            if (Text(value) == null)
            {
                return null;
            }

            if (TryInt(value, out int number))
            {
                return number;
            }

            throw Invalid(row, source, $"has {name} '{TerminalText.Escape(Text(value))}', which is not a whole number");
        }

        /// <summary>NetworkNamespace as saved (a number, or its text in a CSV); null when the row has none.</summary>
        private static ulong? OptionalNamespace(PSObject obj, int row, string source)
        {
            var value = Get(obj, "NetworkNamespace");
            string? text = Text(value);
            if (text == null)
            {
                return null;
            }

            if (ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) && inode > 0)
            {
                return inode;
            }

            throw Invalid(row, source, $"has NetworkNamespace '{TerminalText.Escape(text)}', which is not a namespace inode number");
        }

        private static bool TryInt(object? value, out int number)
        {
            switch (value)
            {
                case int i:
                    number = i;
                    return true;
                case long l when l >= int.MinValue && l <= int.MaxValue:
                    number = (int)l;
                    return true;
                case double d when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue:
                    number = (int)d;
                    return true;
                case string s:
                    return int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number);
                default:
                    number = 0;
                    return false;
            }
        }

        private static BaselineFormatException Invalid(int row, string source, string problem) =>
            new BaselineFormatException($"Baseline row {row.ToString(CultureInfo.InvariantCulture)} of {source} {problem}.");
    }
}
