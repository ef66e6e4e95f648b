using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LoopbackTools.Native;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// One process's /proc/&lt;pid&gt; directory, held open: every file read through it belongs to that process.
    /// </summary>
    /// <remarks>
    /// The open directory pins the kernel's struct pid, not the number. Once the process exits, every openat() through
    /// it fails (ENOENT/ESRCH) even after the number names a new process, so the fds, stat, name and command line read
    /// through one <see cref="ProcessDirectory"/> can never mix two processes. (A path such as /proc/1234/comm offers no
    /// such promise: between two reads 1234 may have become someone else.)
    /// </remarks>
    internal sealed unsafe class ProcessDirectory : IDisposable
    {
        private const int OpenFlags = LibC.O_RDONLY | LibC.O_CLOEXEC;

        private int _fd;

        private ProcessDirectory(int fd, int processId)
        {
            _fd = fd;
            ProcessId = processId;
        }

        public int ProcessId { get; }

        /// <summary>Opens /proc/&lt;pid&gt;; null with the errno when the process is gone (ENOENT) or hidden from us.</summary>
        public static ProcessDirectory? TryOpen(string procRoot, int processId, out int errno)
        {
            int fd = LibC.open(procRoot + "/" + processId.ToString(CultureInfo.InvariantCulture), OpenFlags | LibC.O_DIRECTORY);
            if (fd < 0)
            {
                errno = Marshal.GetLastWin32Error();
                return null;
            }

            errno = 0;
            return new ProcessDirectory(fd, processId);
        }

        /// <summary>Opens the fd directory of this process (the caller closes it); -1 with the errno when it cannot.</summary>
        public int OpenFdDirectory(out int errno)
        {
            int fd = LibC.openat(_fd, "fd", OpenFlags | LibC.O_DIRECTORY);
            errno = fd < 0 ? Marshal.GetLastWin32Error() : 0;
            return fd;
        }

        /// <summary>Reads and parses stat into <paramref name="buffer"/> (1 KiB is plenty); false when the process is gone.</summary>
        public bool TryReadStat(byte[] buffer, out ProcStat stat)
        {
            int length = ReadInto("stat", buffer);
            if (length <= 0)
            {
                stat = default;
                return false;
            }

            return ProcStat.TryParse(buffer, length, out stat);
        }

        /// <summary>
        /// The whole of a file of this process as UTF-8 text (at most <paramref name="maxBytes"/>), or null. Bytes that are
        /// not UTF-8 (a name the kernel cut inside a character) are kept as escaped surrogates, never replaced.
        /// </summary>
        public string? TryReadText(string name, int maxBytes)
        {
            var buffer = new byte[Math.Min(maxBytes, 4096)];
            int length = 0;
            int file = LibC.openat(_fd, name, OpenFlags);
            if (file < 0)
            {
                return null;
            }

            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= maxBytes)
                        {
                            break;
                        }

                        Array.Resize(ref buffer, Math.Min(maxBytes, buffer.Length * 4));
                    }

                    long n;
                    fixed (byte* at = &buffer[length])
                    {
                        n = LibC.read(file, at, (IntPtr)(buffer.Length - length)).ToInt64();
                    }

                    if (n < 0)
                    {
                        return null; // ESRCH: the process exited while we read
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    length += (int)n;
                }
            }
            finally
            {
                LibC.close(file);
            }

            return SurrogateEscape.Decode(buffer, 0, length);
        }

        /// <summary>The target of a link of this process (exe, fd/3), or null.</summary>
        public string? TryReadLink(string name)
        {
            var buffer = new byte[4096];
            var path = Encoding.ASCII.GetBytes(name + "\0");
            long n;
            fixed (byte* p = path)
            fixed (byte* b = buffer)
            {
                n = LibC.readlinkat(_fd, p, b, (IntPtr)buffer.Length).ToInt64();
            }

            return n <= 0 ? null : SurrogateEscape.Decode(buffer, 0, (int)n);
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                LibC.close(_fd);
                _fd = -1;
            }
        }

        /// <summary>Reads a small file whole into <paramref name="buffer"/>; its length, or -1.</summary>
        private int ReadInto(string name, byte[] buffer)
        {
            int file = LibC.openat(_fd, name, OpenFlags);
            if (file < 0)
            {
                return -1;
            }

            try
            {
                int length = 0;
                while (length < buffer.Length)
                {
                    long n;
                    fixed (byte* at = &buffer[length])
                    {
                        n = LibC.read(file, at, (IntPtr)(buffer.Length - length)).ToInt64();
                    }

                    if (n < 0)
                    {
                        return -1;
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    length += (int)n;
                }

                return length;
            }
            finally
            {
                LibC.close(file);
            }
        }
    }
}
