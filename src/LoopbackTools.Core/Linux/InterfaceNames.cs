using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using LoopbackTools.Native;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Interface index to name (if_indextoname, in this process's network namespace), each index looked up once per
    /// query. An index whose device is gone by the time we ask keeps its number as its name.
    /// </summary>
    internal sealed class InterfaceNames
    {
        /// <summary>LOOPBACK_IFINDEX: the kernel gives the loopback device index 1 in every namespace, whatever its name.</summary>
        public const int LoopbackIndex = 1;

        private readonly Dictionary<int, string> _names = new Dictionary<int, string>();
        private readonly byte[] _buffer = new byte[LibC.IF_NAMESIZE];

        public static bool IsLoopback(int index) => index == LoopbackIndex;

        public string NameOf(int index)
        {
            if (!_names.TryGetValue(index, out var name))
            {
                name = Lookup(index) ?? index.ToString(CultureInfo.InvariantCulture);
                _names[index] = name;
            }

            return name;
        }

        private string? Lookup(int index)
        {
            try
            {
                Array.Clear(_buffer, 0, _buffer.Length);
                if (LibC.if_indextoname((uint)index, _buffer) == IntPtr.Zero)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }

            int length = Array.IndexOf(_buffer, (byte)0);
            return Encoding.UTF8.GetString(_buffer, 0, length < 0 ? _buffer.Length : length);
        }
    }
}
