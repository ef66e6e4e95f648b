namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>One input: its bytes and the file extension it carries (a policy or baseline format follows it).</summary>
    internal sealed class FuzzInput
    {
        public FuzzInput(byte[] data, string extension, string origin)
        {
            Data = data;
            Extension = extension;
            Origin = origin;
        }

        public byte[] Data { get; }

        /// <summary>".txt", ".psd1", ".json", ".csv", ".xml", ".bin"...</summary>
        public string Extension { get; }

        /// <summary>Where it came from, for the report: a corpus file, or the seed and mutations that made it.</summary>
        public string Origin { get; }
    }
}
