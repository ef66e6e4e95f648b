namespace LoopbackTools.Native
{
    /// <summary>Linux errno values (asm-generic/errno-base.h, errno.h) and their names, declared once.</summary>
    internal static class Errno
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int ESRCH = 3;
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int ENOMEM = 12;
        public const int EACCES = 13;
        public const int EBUSY = 16;
        public const int EINVAL = 22;
        public const int ENFILE = 23;
        public const int EMFILE = 24;
        public const int ENOSYS = 38;
        public const int EPROTONOSUPPORT = 93;
        public const int EOPNOTSUPP = 95;
        public const int EAFNOSUPPORT = 97;
        public const int EADDRNOTAVAIL = 99;
        public const int ENETDOWN = 100;
        public const int ENETUNREACH = 101;
        public const int ECONNRESET = 104;
        public const int ENOBUFS = 105;
        public const int ETIMEDOUT = 110;
        public const int ECONNREFUSED = 111;
        public const int EHOSTDOWN = 112;
        public const int EHOSTUNREACH = 113;
        public const int EINPROGRESS = 115;

        /// <summary>The symbolic name of an errno for messages ("EACCES"), or "errno" for one not listed here.</summary>
        public static string Name(int errno)
        {
            switch (errno)
            {
                case EPERM: return "EPERM";
                case ENOENT: return "ENOENT";
                case ESRCH: return "ESRCH";
                case EINTR: return "EINTR";
                case EAGAIN: return "EAGAIN";
                case ENOMEM: return "ENOMEM";
                case EACCES: return "EACCES";
                case EBUSY: return "EBUSY";
                case EINVAL: return "EINVAL";
                case ENFILE: return "ENFILE";
                case EMFILE: return "EMFILE";
                case ENOSYS: return "ENOSYS";
                case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
                case EOPNOTSUPP: return "EOPNOTSUPP";
                case EAFNOSUPPORT: return "EAFNOSUPPORT";
                case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
                case ENETDOWN: return "ENETDOWN";
                case ENETUNREACH: return "ENETUNREACH";
                case ECONNRESET: return "ECONNRESET";
                case ENOBUFS: return "ENOBUFS";
                case ETIMEDOUT: return "ETIMEDOUT";
                case ECONNREFUSED: return "ECONNREFUSED";
                case EHOSTDOWN: return "EHOSTDOWN";
                case EHOSTUNREACH: return "EHOSTUNREACH";
                case EINPROGRESS: return "EINPROGRESS";
                default: return "errno";
            }
        }
    }
}
