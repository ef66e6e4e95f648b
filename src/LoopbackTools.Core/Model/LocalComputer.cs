using System;

namespace LoopbackTools
{
    /// <summary>
    /// The name every object the module makes carries in its ComputerName until something says otherwise: rows are
    /// about this machine unless a remote run (PowerShell remoting) overwrites the name with the session's. Read once,
    /// because a table of 100,000 endpoints would otherwise ask the OS 100,000 times.
    /// </summary>
    internal static class LocalComputer
    {
        /// <summary>The host name as PowerShell knows it ([Environment]::MachineName: no domain part).</summary>
        public static string Name { get; } = Environment.MachineName;
    }
}
