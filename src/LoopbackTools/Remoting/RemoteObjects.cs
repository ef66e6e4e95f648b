using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>How an object a host sent back is handed on: marked with the computer it describes.</summary>
    internal static class RemoteObjects
    {
        /// <summary>
        /// Sets ComputerName to the session's computer name (the host's own name may be anything, or the same on every
        /// host): rows of many hosts then sort, group and export apart. Values such as Test-LocalPort -Quiet's
        /// booleans are left plain.
        /// </summary>
        public static void Stamp(PSObject item, string host)
        {
            if (!(item.BaseObject is PSCustomObject))
            {
                return;
            }

            var property = item.Properties["ComputerName"];
            if (property == null)
            {
                // A host whose objects have no ComputerName yet: the name is added, so the caller can tell rows apart.
                item.Properties.Add(new PSNoteProperty("ComputerName", host));
            }
            else if (property.IsSettable)
            {
                property.Value = host;
            }

            // Id (the name Stop-Process binds by) travels as a plain value: a property of the deserialized row. On a row
            // of another computer it names a process there: emptied, so that piping remote rows to Stop-Process cannot
            // stop whatever local process has that number (Stop-Process then refuses the empty Id). ProcessId keeps the
            // number. Only an endpoint has both names (a LoopbackListener's Id is the listener's).
            var id = item.Properties["Id"];
            if (id != null && id.IsSettable && item.Properties["ProcessId"] != null)
            {
                id.Value = null;
            }
        }
    }
}
