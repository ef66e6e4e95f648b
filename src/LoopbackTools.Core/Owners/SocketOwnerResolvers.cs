namespace LoopbackTools.Owners
{
    /// <summary>The owner resolver for this OS.</summary>
    internal static class SocketOwnerResolvers
    {
        public static ISocketOwnerResolver ForCurrentPlatform()
        {
            if (Platform.IsLinux)
            {
                return new Linux.ProcFdSocketOwnerResolver();
            }

            if (Platform.IsWindows)
            {
                // Only consulted when the source answering is IP Helper, whose rows carry OwnerProcessId.
                return new Windows.WindowsProcessOwnerResolver();
            }

            return new NoSocketOwnerResolver();
        }
    }
}
