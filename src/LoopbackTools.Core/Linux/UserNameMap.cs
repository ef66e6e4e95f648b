using System.Collections.Generic;
using System.IO;

namespace LoopbackTools.Linux
{
    /// <summary>uid to user name from /etc/passwd, read once per query.</summary>
    internal sealed class UserNameMap
    {
        private readonly Dictionary<uint, string> _names;

        private UserNameMap(Dictionary<uint, string> names)
        {
            _names = names;
        }

        public static UserNameMap Parse(TextReader reader)
        {
            var names = new Dictionary<uint, string>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var f = line.Split(':');
                // uids are unsigned 32-bit numbers: 3000000000 is valid (large LDAP and container ranges use such).
                if (f.Length >= 3
                    && uint.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint uid)
                    && !names.ContainsKey(uid))
                {
                    names[uid] = f[0];
                }
            }

            return new UserNameMap(names);
        }

        public static UserNameMap FromSystem()
        {
            string? text = OptionalFile.TryReadAllText("/etc/passwd");
            return text == null ? new UserNameMap(new Dictionary<uint, string>()) : Parse(new StringReader(text));
        }

        /// <summary>The name, or the number as text for a uid without a passwd entry (containers, LDAP).</summary>
        public string NameOf(uint uid) =>
            _names.TryGetValue(uid, out var name) ? name : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
