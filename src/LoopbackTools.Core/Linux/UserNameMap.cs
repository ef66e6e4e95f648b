using System.Collections.Generic;
using System.IO;

namespace LoopbackTools.Linux
{
    /// <summary>uid to user name from /etc/passwd, read once per query.</summary>
    internal sealed class UserNameMap
    {
        private readonly Dictionary<int, string> _names;

        private UserNameMap(Dictionary<int, string> names)
        {
            _names = names;
        }

        public static UserNameMap Parse(TextReader reader)
        {
            var names = new Dictionary<int, string>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var f = line.Split(':');
                if (f.Length >= 3 && int.TryParse(f[2], out int uid) && !names.ContainsKey(uid))
                {
                    names[uid] = f[0];
                }
            }

            return new UserNameMap(names);
        }

        public static UserNameMap FromSystem()
        {
            string? text = OptionalFile.TryReadAllText("/etc/passwd");
            return text == null ? new UserNameMap(new Dictionary<int, string>()) : Parse(new StringReader(text));
        }

        /// <summary>The name, or the number as text for a uid without a passwd entry (containers, LDAP).</summary>
        public string NameOf(int uid) => _names.TryGetValue(uid, out var name) ? name : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
