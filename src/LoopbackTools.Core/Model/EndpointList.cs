using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace LoopbackTools
{
    /// <summary>
    /// The endpoints behind a finding. A list type of its own, not an array, for one reason: Export-Csv writes a
    /// property with value.ToString(), which for an array is "LoopbackTools.Endpoint[]". This type's ToString is a
    /// readable summary, so CSV columns stay flat while scripts still index, count and pipe the objects.
    /// </summary>
    public sealed class EndpointList : ReadOnlyCollection<Endpoint>
    {
        public EndpointList(IList<Endpoint> endpoints)
            : base(endpoints)
        {
        }

        public static EndpointList Empty { get; } = new EndpointList(new Endpoint[0]);

        /// <summary>"Tcp 127.0.0.1:8080 Listen python3 (PID 12); Tcp [::]:8080 Listen node (PID 40)".</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var endpoint in this)
            {
                if (sb.Length > 0)
                {
                    sb.Append("; ");
                }

                sb.Append(endpoint.ToString());
                if (endpoint.ProcessId.HasValue)
                {
                    sb.Append(' ').Append(Conflicts.OwnerText.Describe(endpoint));
                }
            }

            return sb.ToString();
        }
    }
}
