using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace LoopbackTools
{
    /// <summary>
    /// The processes that hold one socket, the primary holder first. A list type of its own, not an int[], for the same
    /// reason as <see cref="EndpointList"/>: Export-Csv writes value.ToString(), which for an array is "System.Int32[]".
    /// Here it is "1234,1240,1241", while scripts still index, count and pipe the numbers
    /// (<c>ForEach-Object ProcessIds | Stop-Process</c>).
    /// </summary>
    public sealed class ProcessIdList : ReadOnlyCollection<int>
    {
        public ProcessIdList(IList<int> processIds)
            : base(processIds)
        {
        }

        public static ProcessIdList Empty { get; } = new ProcessIdList(new int[0]);

        /// <summary>The ids separated by commas, with no spaces: "1234,1240,1241"; empty when no holder is visible.</summary>
        public override string ToString()
        {
            if (Count == 1)
            {
                return this[0].ToString(CultureInfo.InvariantCulture);
            }

            var sb = new StringBuilder();
            foreach (int id in this)
            {
                if (sb.Length > 0)
                {
                    sb.Append(',');
                }

                sb.Append(id.ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }
}
