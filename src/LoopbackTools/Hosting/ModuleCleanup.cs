using System.Management.Automation;
using LoopbackTools.Listeners;

namespace LoopbackTools.Commands
{
    /// <summary>Remove-Module (and Import-Module -Force) closes every loopback listener, so none keeps a port open unnoticed.</summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo) => LoopbackListenerRegistry.CloseAll();
    }
}
