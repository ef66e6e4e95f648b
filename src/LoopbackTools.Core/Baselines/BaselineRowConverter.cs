using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// Turns baseline rows, whatever format they were saved in, into <see cref="BaselineEntry"/>, and refuses what
    /// is not an endpoint with an InvalidBaselineEntry error naming the row. Enums may be names or numbers (Export-Csv
    /// writes names, ConvertTo-Json numbers unless -EnumsAsStrings), but only numbers the enum defines; addresses only
    /// as the endpoint parser accepts them. Address family and exposure are recomputed from the address, so a
    /// hand-edited row cannot contradict itself. One converter per baseline: it shares the strings rows repeat (a
    /// fleet baseline names the same few executables thousands of times).
    /// </summary>
    internal sealed class BaselineRowConverter
    {
        /// <summary>The properties a baseline row is read for; readers keep only these.</summary>
        public static readonly IReadOnlyList<string> Names = new[]
        {
            "Protocol", "LocalAddress", "LocalPort", "RemoteAddress", "RemotePort", "State",
            "ProcessId", "ProcessName", "ProcessPath", "UserName", "ContainerName", "NetworkNamespace",
        };

        private const string Hint =
            "a baseline is the output of Get-LoopbackEndpoint -Listening saved with Export-Csv, ConvertTo-Json or Export-Clixml";

        private static readonly HashSet<string> NameSet = new HashSet<string>(Names, StringComparer.OrdinalIgnoreCase);

        private readonly Dictionary<string, string> _strings = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// What readers keep: the properties a row is read for, and ComputerName, which a comparison over -Session
        /// pairs rows with hosts by (the converter itself ignores it).
        /// </summary>
        public static bool IsKept(string name) => NameSet.Contains(name) || string.Equals(name, "ComputerName", StringComparison.OrdinalIgnoreCase);

        public BaselineEntry Convert(BaselineRow row)
        {
            if (row.NotAnObject != null)
            {
                throw Invalid(row, $"is {row.NotAnObject}, not an object with Protocol, LocalAddress and LocalPort; {Hint}");
            }

            var protocol = Enum<TransportProtocol>(row, "Protocol", Required(row, "Protocol"));
            string addressText = Text(row, "LocalAddress", Required(row, "LocalAddress"))!;
            string address = Address(row, "LocalAddress", addressText, out IPFamily family, out Exposure exposure);
            var entry = new BaselineEntry
            {
                Protocol = protocol,
                AddressFamily = family,
                LocalAddress = address,
                LocalPort = Port(row, "LocalPort", Required(row, "LocalPort")),
                Exposure = exposure,
                ProcessId = OptionalInt(row, "ProcessId"),
                ProcessName = Shared(Text(row, "ProcessName", row["ProcessName"])),
                ProcessPath = Shared(Text(row, "ProcessPath", row["ProcessPath"])),
                UserName = Shared(Text(row, "UserName", row["UserName"])),
                ContainerName = Shared(Text(row, "ContainerName", row["ContainerName"])),
                NetworkNamespace = OptionalNamespace(row),
            };

            object? state = row["State"];
            entry.State = Text(row, "State", state) == null
                ? (protocol == TransportProtocol.Tcp ? SocketState.Listen : SocketState.Bound)
                : Enum<SocketState>(row, "State", state);

            string? remote = Text(row, "RemoteAddress", row["RemoteAddress"]);
            if (remote != null)
            {
                entry.RemoteAddress = Address(row, "RemoteAddress", remote, out _, out _);
            }

            object? remotePort = row["RemotePort"];
            if (Text(row, "RemotePort", remotePort) != null)
            {
                entry.RemotePort = Port(row, "RemotePort", remotePort);
            }

            return entry;
        }

        /// <summary>The error for a row that is not an endpoint; the message starts "Baseline row N ...".</summary>
        public static BaselineException Invalid(BaselineRow row, string problem) =>
            new BaselineException(ErrorCatalogue.InvalidBaselineEntry, row, $"Baseline {row.Where()} {problem}.") { Row = row };

        private string? Shared(string? text)
        {
            if (text == null)
            {
                return null;
            }

            if (_strings.TryGetValue(text, out string? shared))
            {
                return shared;
            }

            _strings.Add(text, text);
            return text;
        }

        private string Address(BaselineRow row, string name, string text, out IPFamily family, out Exposure exposure)
        {
            if (!BaselineEntry.TryNormalizeAddress(text, out string canonical, out family, out exposure))
            {
                throw Invalid(row, $"has {name} '{Quote(text)}', which is not an IP address (IPv4 is four numbers from 0 to 255, as in 127.0.0.1)");
            }

            return Shared(canonical)!;
        }

        private static object Required(BaselineRow row, string name)
        {
            object? value = row[name];
            if (Text(row, name, value) == null)
            {
                throw Invalid(row, $"has no {name}; {Hint}");
            }

            return value!;
        }

        /// <summary>Null for a missing value and for the empty string Export-Csv writes for null.</summary>
        private static string? Text(BaselineRow row, string name, object? value)
        {
            if (ReferenceEquals(value, BaselineRow.Structured))
            {
                throw Invalid(row, $"has a list or an object as {name}, where one value belongs");
            }

            string? text = value switch
            {
                null => null,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            return string.IsNullOrEmpty(text) ? null : text;
        }

        private static T Enum<T>(BaselineRow row, string name, object? value)
            where T : struct
        {
            if (value is T typed)
            {
                return typed;
            }

            long? number = Number(value);
            if (number.HasValue)
            {
                // Range first: a cast to int would make 4294967297 the 1 of Udp.
                if (number.Value >= int.MinValue && number.Value <= int.MaxValue && System.Enum.IsDefined(typeof(T), (int)number.Value))
                {
                    return (T)System.Enum.ToObject(typeof(T), (int)number.Value);
                }
            }
            else if (value is string || value is System.Enum)
            {
                // Names, also of another enum type that happens to share them; never that type's number.
                string text = (Text(row, name, value) ?? string.Empty).Trim();
                foreach (string candidate in System.Enum.GetNames(typeof(T)))
                {
                    if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
                    {
                        return (T)System.Enum.Parse(typeof(T), candidate);
                    }
                }
            }

            var numbers = new List<string>();
            foreach (var defined in System.Enum.GetValues(typeof(T)))
            {
                numbers.Add(System.Convert.ToInt32(defined, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            }

            throw Invalid(row, $"has {name} '{Quote(Text(row, name, value))}', which is not one of "
                + $"{string.Join(", ", System.Enum.GetNames(typeof(T)))} (or their numbers {string.Join(", ", numbers)})");
        }

        private static int Port(BaselineRow row, string name, object? value)
        {
            long? number = Number(value);
            if (number.HasValue && number.Value >= 0 && number.Value <= 65535)
            {
                return (int)number.Value;
            }

            throw Invalid(row, $"has {name} '{Quote(Text(row, name, value))}', which is not a port number");
        }

        private static int? OptionalInt(BaselineRow row, string name)
        {
            object? value = row[name];
            if (Text(row, name, value) == null)
            {
                return null;
            }

            long? number = Number(value);
            if (number.HasValue && number.Value >= int.MinValue && number.Value <= int.MaxValue)
            {
                return (int)number.Value;
            }

            throw Invalid(row, $"has {name} '{Quote(Text(row, name, value))}', which is not a whole number");
        }

        /// <summary>NetworkNamespace as saved (a number, or its text in a CSV); null when the row has none.</summary>
        private static ulong? OptionalNamespace(BaselineRow row)
        {
            const string Name = "NetworkNamespace";
            object? value = row[Name];
            string? text = Text(row, Name, value);
            if (text == null)
            {
                return null;
            }

            if (value is ulong inode && inode > 0)
            {
                return inode;
            }

            long? number = Number(value);
            if (number.HasValue && number.Value > 0)
            {
                return (ulong)number.Value;
            }

            throw Invalid(row, $"has {Name} '{Quote(text)}', which is not a namespace inode number");
        }

        /// <summary>A whole number, from any numeric type or decimal text; null for anything else (1.5, 1e300, "eighty").</summary>
        private static long? Number(object? value)
        {
            switch (value)
            {
                case int i: return i;
                case long l: return l;
                case short s: return s;
                case sbyte sb: return sb;
                case byte b: return b;
                case ushort us: return us;
                case uint ui: return ui;
                case ulong ul: return ul <= long.MaxValue ? (long)ul : (long?)null;
                case float f: return Whole(f);
                case double d: return Whole(d);
                case decimal m: return m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? (long)m : (long?)null;
                case string text:
                    return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : (long?)null;
                default:
                    return null;
            }
        }

        // Only doubles that are whole and well inside long's range: converting others is undefined.
        private static long? Whole(double d) =>
            !double.IsNaN(d) && d == Math.Floor(d) && d > -9.2e18 && d < 9.2e18 ? (long)d : (long?)null;

        /// <summary>A value as a message quotes it: control characters escaped, and not a megabyte of it.</summary>
        private static string Quote(string? text)
        {
            const int Max = 120;
            string shown = text ?? string.Empty;
            if (shown.Length > Max)
            {
                shown = shown.Substring(0, Max) + "...";
            }

            return TerminalText.Escape(shown) ?? string.Empty;
        }
    }
}
