using System.Management.Automation;
using LoopbackTools.Ranges;

namespace LoopbackTools.Commands
{
    /// <summary>Reads the port environment for a cmdlet and shows, as warnings, the OS ranges it refused to use.</summary>
    internal static class PortEnvironmentReader
    {
        public static PortEnvironment Read(PSCmdlet cmdlet)
        {
            var environment = PortEnvironment.ForCurrentPlatform();
            foreach (string warning in environment.Warnings)
            {
                cmdlet.WriteWarning(warning);
            }

            return environment;
        }
    }
}
