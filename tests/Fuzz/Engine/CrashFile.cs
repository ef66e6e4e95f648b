using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// The input in flight, in a memory-mapped file: what is written there is in the page cache at once, so it
    /// outlives a stack overflow or a kill of the worker, and the parent reads back the input that caused it.
    /// Layout: int32 data length, int32 extension length, extension (UTF-8), data.
    /// </summary>
    internal sealed class CrashFile : IDisposable
    {
        private const int ExtensionRoom = 64;
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;

        public CrashFile(string path, int maxSize, bool create)
        {
            long capacity = 8 + ExtensionRoom + maxSize;
            _map = create
                ? MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, capacity)
                : MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0);
            _view = _map.CreateViewAccessor();
        }

        public void Record(FuzzInput input)
        {
            byte[] extension = Encoding.UTF8.GetBytes(input.Extension);
            _view.Write(0, -1);
            _view.Write(4, extension.Length);
            _view.WriteArray(8, extension, 0, extension.Length);
            _view.WriteArray(8 + ExtensionRoom, input.Data, 0, input.Data.Length);
            _view.Write(0, input.Data.Length);
        }

        /// <summary>The last input recorded, or null when none was complete.</summary>
        public FuzzInput? Last(string origin)
        {
            int length = _view.ReadInt32(0);
            int extensionLength = _view.ReadInt32(4);
            if (length < 0 || extensionLength < 0 || extensionLength > ExtensionRoom || 8 + ExtensionRoom + length > _view.Capacity)
            {
                return null;
            }

            var extension = new byte[extensionLength];
            _view.ReadArray(8, extension, 0, extensionLength);
            var data = new byte[length];
            _view.ReadArray(8 + ExtensionRoom, data, 0, length);
            return new FuzzInput(data, Encoding.UTF8.GetString(extension), origin);
        }

        public void Dispose()
        {
            _view.Dispose();
            _map.Dispose();
        }
    }
}
