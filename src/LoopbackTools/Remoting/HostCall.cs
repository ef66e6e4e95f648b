using System.Collections;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;

namespace LoopbackTools.Commands
{
    /// <summary>One host's share of a -Session call: its session, the parameters and pipeline input it gets.</summary>
    internal sealed class HostCall
    {
        public HostCall(PSSession session, Hashtable parameters, List<object?> input, bool hasInput, Hashtable? dataFiles)
        {
            Session = session;
            Parameters = parameters;
            Input = input;
            HasInput = hasInput;
            DataFiles = dataFiles;
        }

        public PSSession Session { get; }

        /// <summary>The name rows from this host carry: the computer the session connected to.</summary>
        public string Host => Session.ComputerName;

        /// <summary>Bound parameters as sent: switches as booleans, enums by name, rows paired with this host.</summary>
        public Hashtable Parameters { get; }

        public List<object?> Input { get; }

        /// <summary>Whether the cmdlet was fed by a pipeline here (even an empty one): the host's copy then is too.</summary>
        public bool HasInput { get; }

        /// <summary>Files read on this computer and sent as content, by the parameter that names them.</summary>
        public Hashtable? DataFiles { get; }
    }
}
