using System.Collections.Generic;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Writes a large result into the pipeline in batches. One WriteObject call per object pays the pipeline's per-call
    /// checks each time (about 1 µs, as much as reading the socket from the kernel); one call for the whole table made
    /// PowerShell gather every row into one list (a large object, collected only by a full collection) before the next
    /// command saw the first. Batches of <see cref="BatchLength"/> keep the per-call cost spread thin and let the next
    /// command stream: at 100,000 rows, <c>| Out-Null</c> took 341 ms against 402 ms with one call, and collecting
    /// into a variable 307 against 329 (medians of 5, interleaved). Ctrl+C is honoured between batches.
    /// </summary>
    internal static class BatchWriter
    {
        internal const int BatchLength = 4096;

        public static void Write<T>(Cmdlet cmdlet, IEnumerable<T> items)
        {
            var batch = new T[BatchLength];
            int count = 0;
            foreach (var item in items)
            {
                batch[count++] = item;
                if (count == BatchLength)
                {
                    cmdlet.WriteObject(batch, enumerateCollection: true);
                    batch = new T[BatchLength]; // the pipeline may still hold the last one
                    count = 0;
                }
            }

            if (count > 0)
            {
                System.Array.Resize(ref batch, count);
                cmdlet.WriteObject(batch, enumerateCollection: true);
            }
        }
    }
}
