using System;
using System.Collections.Generic;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// An array that grows by whole chunks of <see cref="ChunkLength"/> elements and never copies what it holds: a read of
    /// a million rows costs a million stores, not the 2n copies and the abandoned large arrays of doubling. Chunks stay
    /// under the large-object threshold for the element types used here (up to 80 bytes each).
    /// </summary>
    internal sealed class ChunkedArray<T>
    {
        internal const int ChunkShift = 10;
        internal const int ChunkLength = 1 << ChunkShift;
        private const int ChunkMask = ChunkLength - 1;

        private readonly List<T[]> _chunks = new List<T[]>();

        /// <summary>The number of elements the chunks allocated so far can hold.</summary>
        public int Capacity => _chunks.Count << ChunkShift;

        public ref T this[int index] => ref _chunks[index >> ChunkShift][index & ChunkMask];

        /// <summary>Makes room for index <paramref name="index"/>, the next one after those in use.</summary>
        public void EnsureIndex(int index)
        {
            while (index >= Capacity)
            {
                _chunks.Add(new T[ChunkLength]);
            }
        }

        /// <summary>Resets elements [from, to) to their default (drops references for the collector).</summary>
        public void Clear(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                this[i] = default!;
            }
        }
    }
}
