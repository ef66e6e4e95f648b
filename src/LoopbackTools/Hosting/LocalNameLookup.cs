using System.Linq;
using System.Management.Automation;
using LoopbackTools.Classification;
using LoopbackTools.Errors;
using LoopbackTools.Probing;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// How Test-LocalPort and Wait-LocalPort turn a -ComputerName into the addresses they probe: the resolver's
    /// warnings written, the addresses named in -Verbose, and a name that is not this machine's a
    /// ComputerNameNotLocal error for that name alone (null), so the other names of a batch are still probed.
    /// </summary>
    internal static class LocalNameLookup
    {
        public static ResolvedHost? Resolve(PSCmdlet cmdlet, LocalNameResolver resolver, string name)
        {
            try
            {
                var host = resolver.Resolve(name);
                foreach (string warning in host.Warnings)
                {
                    cmdlet.WriteWarning(TerminalText.Escape(warning));
                }

                cmdlet.WriteVerbose(
                    $"'{TerminalText.Escape(name)}' is probed on {string.Join(", ", host.Addresses.Select(AddressText.Format))}.");
                return host;
            }
            catch (NotLocalHostException e)
            {
                cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.ComputerNameNotLocal, name, e.Message, e));
                return null;
            }
        }
    }
}
