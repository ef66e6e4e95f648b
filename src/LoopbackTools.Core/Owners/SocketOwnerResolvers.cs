namespace LoopbackTools.Owners
{
    /// <summary>The owner resolver for this OS.</summary>
    public static class SocketOwnerResolvers
    {
        public static ISocketOwnerResolver ForCurrentPlatform()
        {
            if (Platform.IsLinux)
            {
                return new Linux.ProcFdSocketOwnerResolver();
            }

            return new NoSocketOwnerResolver();
        }
    }
}
