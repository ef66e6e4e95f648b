using System;
using System.Runtime.InteropServices;
using LoopbackTools.Native;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// A file's inode number through statx, which has one layout on every architecture (struct stat does not, and
    /// netstandard2.0 has no inode API). A namespace file's inode is the namespace id.
    /// </summary>
    internal static class FileInode
    {
        private static int _state; // 0 unknown, 1 statx works, -1 libc lacks it

        /// <summary>The inode of <paramref name="path"/> (links followed); null with the errno when it cannot be read.</summary>
        public static unsafe ulong? Of(string path, out int errno)
        {
            errno = 0;
            if (_state < 0)
            {
                errno = Errno.ENOSYS;
                return null;
            }

            byte* buffer = stackalloc byte[LibC.StatxLength];
            int result;
            try
            {
                result = LibC.statx(LibC.AT_FDCWD, path, 0, LibC.STATX_INO, buffer);
            }
            catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
            {
                _state = -1;
                errno = Errno.ENOSYS;
                return null;
            }

            if (result != 0)
            {
                errno = Marshal.GetLastWin32Error();
                return null;
            }

            _state = 1;
            return *(ulong*)(buffer + LibC.StatxInoOffset);
        }

        public static ulong? Of(string path) => Of(path, out _);

        /// <summary>The inode of an open file; null when it cannot be read.</summary>
        public static unsafe ulong? OfDescriptor(int fd)
        {
            if (_state < 0)
            {
                return null;
            }

            byte* buffer = stackalloc byte[LibC.StatxLength];
            try
            {
                if (LibC.statx(fd, string.Empty, LibC.AT_EMPTY_PATH, LibC.STATX_INO, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
            {
                _state = -1;
                return null;
            }

            return *(ulong*)(buffer + LibC.StatxInoOffset);
        }

        /// <summary>
        /// The id of the network namespace an open file is (a /proc/PID/ns/net link or an nsfs bind mount such as
        /// /run/netns/NAME); null for any other file, e.g. a name whose mount is gone, which is an empty plain file.
        /// </summary>
        public static ulong? OfNetworkNamespace(int fd)
        {
            int type;
            try
            {
                type = LibC.ioctl(fd, (UIntPtr)LibC.NS_GET_NSTYPE);
            }
            catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
            {
                return null;
            }

            return type == LibC.CLONE_NEWNET ? OfDescriptor(fd) : null;
        }
    }
}
