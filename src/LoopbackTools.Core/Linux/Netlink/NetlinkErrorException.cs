using System;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>The kernel answered a sock_diag request with NLMSG_ERROR (or a failed NLMSG_DONE).</summary>
    internal sealed class NetlinkErrorException : Exception
    {
        public NetlinkErrorException(int errno, string message)
            : base(message)
        {
            Errno = errno;
        }

        /// <summary>The positive errno the kernel reported (it sends it negated).</summary>
        public int Errno { get; }
    }
}
