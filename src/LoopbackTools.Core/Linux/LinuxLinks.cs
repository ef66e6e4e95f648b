using System;
using System.Text;
using LoopbackTools.Native;

namespace LoopbackTools.Linux
{
    /// <summary>readlink(2) without allocating for the common "socket:[inode]" case.</summary>
    internal static class LinuxLinks
    {
        private static readonly byte[] SocketPrefix = Encoding.ASCII.GetBytes("socket:[");

        [ThreadStatic]
        private static byte[]? _buffer;

        public static string? TryRead(string path)
        {
            var buffer = _buffer ??= new byte[4096];
            long n = LibC.readlink(path, buffer, (IntPtr)buffer.Length).ToInt64();
            return n <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)n);
        }

        /// <summary>The inode of a socket fd link, or 0 when the link is not a socket or cannot be read.</summary>
        public static ulong TryReadSocketInode(string path)
        {
            var buffer = _buffer ??= new byte[4096];
            long n = LibC.readlink(path, buffer, (IntPtr)buffer.Length).ToInt64();
            if (n <= SocketPrefix.Length)
            {
                return 0;
            }

            for (int i = 0; i < SocketPrefix.Length; i++)
            {
                if (buffer[i] != SocketPrefix[i])
                {
                    return 0;
                }
            }

            ulong inode = 0;
            for (int i = SocketPrefix.Length; i < n && buffer[i] != (byte)']'; i++)
            {
                inode = (inode * 10) + (ulong)(buffer[i] - (byte)'0');
            }

            return inode;
        }
    }
}
