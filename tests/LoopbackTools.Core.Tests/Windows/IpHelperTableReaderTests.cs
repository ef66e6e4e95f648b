using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LoopbackTools.Sockets;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    public class IpHelperTableReaderTests
    {
        /// <summary>
        /// Stands in for GetExtendedUdpTable(AF_INET): on each call the "kernel" table has the next row count from
        /// a script (the last one repeats); it copies the table when it fits, else reports the size it needs.
        /// </summary>
        private sealed class FakeGrowingTable
        {
            private readonly int[] _rowsPerCall;

            public FakeGrowingTable(params int[] rowsPerCall)
            {
                _rowsPerCall = rowsPerCall;
            }

            public List<int> BufferSizesSeen { get; } = new List<int>();

            public int Calls => BufferSizesSeen.Count;

            public uint Call(byte[] buffer, ref uint size)
            {
                Assert.Equal((uint)buffer.Length, size); // the reader always passes the true buffer length
                int rows = _rowsPerCall[Math.Min(Calls, _rowsPerCall.Length - 1)];
                BufferSizesSeen.Add(buffer.Length);
                var builder = new MibTableBuilder();
                for (int i = 0; i < rows; i++)
                {
                    builder.Udp4("127.0.0.1", 1000 + i, (uint)(4 * (i + 1)));
                }

                var table = builder.Build();
                if (table.Length > buffer.Length)
                {
                    size = (uint)table.Length;
                    return IpHelperTableReader.ErrorInsufficientBuffer;
                }

                Buffer.BlockCopy(table, 0, buffer, 0, table.Length);
                return IpHelperTableReader.NoError;
            }
        }

        [Fact]
        public void IpHelperTableReader_ReadsInOneCall_WhenFakeTableFitsInitialBuffer()
        {
            var fake = new FakeGrowingTable(10);

            var buffer = IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None);

            Assert.Equal(1, fake.Calls);
            Assert.Equal(10, IpHelperTableParser.ParseUdp4(buffer, buffer.Length).Count);
        }

        [Fact]
        public void IpHelperTableReader_Retries_WhenFakeTableGrewTwiceThenFit()
        {
            // 4-row start buffer; the table outgrows the buffer on the first two calls, then fits.
            int start = 4 + (4 * IpHelperTableParser.Udp4RowSize);
            var fake = new FakeGrowingTable(10, 500, 510);

            var buffer = IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None, maxAttempts: 5, initialSize: start);

            Assert.Equal(3, fake.Calls);
            Assert.True(fake.BufferSizesSeen[1] >= 4 + (10 * 12), "second call got at least the size the first reported");
            Assert.True(fake.BufferSizesSeen[2] >= 4 + (500 * 12), "third call got at least the size the second reported");
            var rows = IpHelperTableParser.ParseUdp4(buffer, buffer.Length);
            Assert.Equal(510, rows.Count);
            Assert.Equal(1509, rows[509].LocalPort);
        }

        [Fact]
        public void IpHelperTableReader_Headroom_AbsorbsSmallGrowthBetweenCalls_WithFakeTable()
        {
            // Reported 100 rows, then 105 by the time of the read: the headroom makes that one retry, not two.
            var fake = new FakeGrowingTable(100, 105);

            IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None, initialSize: 16);

            Assert.Equal(2, fake.Calls);
        }

        [Fact]
        public void IpHelperTableReader_GivesUpAfterMaxAttempts_WhenFakeTableAlwaysOutgrowsBuffer()
        {
            int rows = 10;
            int calls = 0;
            NativeTableCall ever = (byte[] buffer, ref uint size) =>
            {
                calls++;
                rows *= 4; // faster than any headroom
                size = (uint)(4 + (rows * 12));
                return IpHelperTableReader.ErrorInsufficientBuffer;
            };

            var e = Assert.Throws<SocketTableUnavailableException>(
                () => IpHelperTableReader.Read(ever, "GetExtendedUdpTable(AF_INET)", CancellationToken.None, maxAttempts: 4, initialSize: 16));

            Assert.Equal(4, calls);
            Assert.Equal(
                "GetExtendedUdpTable(AF_INET): the table kept growing between the size query and the read; gave up after 4 attempts.",
                e.Message);
        }

        [Fact]
        public void IpHelperTableReader_Throws_OnOtherFakeWin32Error()
        {
            int calls = 0;
            NativeTableCall invalid = (byte[] buffer, ref uint size) =>
            {
                calls++;
                return 87; // ERROR_INVALID_PARAMETER
            };

            var e = Assert.Throws<SocketTableUnavailableException>(
                () => IpHelperTableReader.Read(invalid, "GetExtendedTcpTable(AF_INET6)", CancellationToken.None));

            Assert.Equal(1, calls);
            Assert.StartsWith("GetExtendedTcpTable(AF_INET6) failed with Win32 error 87", e.Message);
        }

        /// <summary>A fake GetExtendedUdpTable(AF_INET) that answers each call from a script of results, then fills two rows.</summary>
        private sealed class FakeScriptedTable
        {
            private readonly uint[] _script;

            public FakeScriptedTable(params uint[] script)
            {
                _script = script;
            }

            public int Calls { get; private set; }

            public uint Call(byte[] buffer, ref uint size)
            {
                uint result = Calls < _script.Length ? _script[Calls] : IpHelperTableReader.NoError;
                Calls++;
                if (result == IpHelperTableReader.ErrorInsufficientBuffer)
                {
                    size = (uint)buffer.Length + 64;
                    return result;
                }

                if (result != IpHelperTableReader.NoError)
                {
                    buffer[0] = 0xFF; // whatever a failed call leaves behind must not read as a row count
                    return result;
                }

                var table = new MibTableBuilder().Udp4("127.0.0.1", 53, 900).Udp4("0.0.0.0", 5353, 901).Build();
                Buffer.BlockCopy(table, 0, buffer, 0, table.Length);
                return result;
            }
        }

        [Fact]
        public void IpHelperTableReader_RetriesStatusUnsuccessful_ThenReadsTheTable_WithFakeNativeCall()
        {
            var fake = new FakeScriptedTable(IpHelperTableReader.StatusUnsuccessful, IpHelperTableReader.StatusUnsuccessful);

            var buffer = IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None);

            Assert.Equal(3, fake.Calls);
            var rows = IpHelperTableParser.ParseUdp4(buffer, buffer.Length);
            Assert.Equal(new[] { 53, 5353 }, rows.ConvertAll(r => r.LocalPort));
            Assert.Equal(new[] { 900, 901 }, rows.ConvertAll(r => r.OwnerProcessId));
        }

        [Fact]
        public void IpHelperTableReader_GivesUp_WhenFakeKeepsReturningStatusUnsuccessful()
        {
            var fake = new FakeScriptedTable(Enumerable.Repeat(IpHelperTableReader.StatusUnsuccessful, 50).ToArray());

            var e = Assert.Throws<SocketTableUnavailableException>(
                () => IpHelperTableReader.Read(fake.Call, "GetExtendedTcpTable(AF_INET)", CancellationToken.None, maxTransientRetries: 3));

            Assert.Equal(4, fake.Calls);
            Assert.Equal(
                "GetExtendedTcpTable(AF_INET) failed with STATUS_UNSUCCESSFUL (0xC0000001) on 4 calls in a row; "
                + "this transient IP Helper failure under connection churn did not clear.",
                e.Message);
        }

        [Fact]
        public void IpHelperTableReader_CountsStatusUnsuccessfulInARow_NotInTotal_WithFakeNativeCall()
        {
            // One retry allowed: two transient failures separated by a growth are two separate runs of one.
            var fake = new FakeScriptedTable(
                IpHelperTableReader.StatusUnsuccessful,
                IpHelperTableReader.ErrorInsufficientBuffer,
                IpHelperTableReader.StatusUnsuccessful);

            var buffer = IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None, maxTransientRetries: 1);

            Assert.Equal(4, fake.Calls);
            Assert.Equal(2, IpHelperTableParser.ParseUdp4(buffer, buffer.Length).Count);
        }

        [Fact]
        public void IpHelperTableReader_ReadsErrorNoDataAsAnEmptyTable_WithFakeNativeCall()
        {
            var fake = new FakeScriptedTable(IpHelperTableReader.ErrorNoData);

            var buffer = IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None);

            Assert.Equal(1, fake.Calls);
            Assert.Empty(IpHelperTableParser.ParseTcp4(buffer, buffer.Length));
            Assert.Empty(IpHelperTableParser.ParseTcp6(buffer, buffer.Length));
            Assert.Empty(IpHelperTableParser.ParseUdp4(buffer, buffer.Length));
            Assert.Empty(IpHelperTableParser.ParseUdp6(buffer, buffer.Length));
        }

        [Fact]
        public void IpHelperTableReader_StillThrowsOnOtherErrors_AfterAStatusUnsuccessful_WithFakeNativeCall()
        {
            var fake = new FakeScriptedTable(IpHelperTableReader.StatusUnsuccessful, 87);

            var e = Assert.Throws<SocketTableUnavailableException>(() => IpHelperTableReader.Read(fake.Call, "fake", CancellationToken.None));

            Assert.Equal(2, fake.Calls);
            Assert.StartsWith("fake failed with Win32 error 87", e.Message);
        }

        [Fact]
        public void IpHelperTableReader_DoublesBuffer_WhenFakeReportsNoLargerSize()
        {
            var sizes = new List<int>();
            NativeTableCall confused = (byte[] buffer, ref uint size) =>
            {
                sizes.Add(buffer.Length);
                if (sizes.Count == 1)
                {
                    size = 8; // smaller than what we passed: nonsense
                    return IpHelperTableReader.ErrorInsufficientBuffer;
                }

                return IpHelperTableReader.NoError;
            };

            IpHelperTableReader.Read(confused, "fake", CancellationToken.None, initialSize: 1000);

            Assert.Equal(2, sizes.Count);
            Assert.True(sizes[1] >= 2000);
        }

        [Fact]
        public void IpHelperTableReader_RefusesAbsurdSize_FromFakeNativeCall()
        {
            NativeTableCall absurd = (byte[] buffer, ref uint size) =>
            {
                size = uint.MaxValue;
                return IpHelperTableReader.ErrorInsufficientBuffer;
            };

            var e = Assert.Throws<SocketTableUnavailableException>(() => IpHelperTableReader.Read(absurd, "fake", CancellationToken.None));

            Assert.Contains("refusing to allocate", e.Message);
        }

        [Fact]
        public void IpHelperTableReader_StopsBeforeCalling_WhenCancelled()
        {
            int calls = 0;
            NativeTableCall call = (byte[] buffer, ref uint size) =>
            {
                calls++;
                return IpHelperTableReader.NoError;
            };
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.Throws<OperationCanceledException>(() => IpHelperTableReader.Read(call, "fake", cancelled.Token));
            Assert.Equal(0, calls);
        }

        [Fact]
        public void IpHelperTableReader_NotSupportedAsEmpty_TurnsFakeErrorNotSupportedIntoZeroRows()
        {
            NativeTableCall noIpv6 = (byte[] buffer, ref uint size) =>
            {
                buffer[0] = 0xFF; // whatever was in the buffer must not read as a row count
                return IpHelperTableReader.ErrorNotSupported;
            };

            var buffer = IpHelperTableReader.Read(IpHelperTableReader.NotSupportedAsEmpty(noIpv6), "fake", CancellationToken.None);

            Assert.Empty(IpHelperTableParser.ParseTcp6(buffer, buffer.Length));
        }

        [Fact]
        public void IpHelperTableReader_NotSupportedAsEmpty_PassesOtherFakeResultsThrough()
        {
            NativeTableCall denied = (byte[] buffer, ref uint size) => 5;

            Assert.Equal(5u, Invoke(IpHelperTableReader.NotSupportedAsEmpty(denied)));
            Assert.Equal(IpHelperTableReader.ErrorInsufficientBuffer, Invoke(
                IpHelperTableReader.NotSupportedAsEmpty((byte[] b, ref uint s) => IpHelperTableReader.ErrorInsufficientBuffer)));
        }

        [Fact]
        public void IpHelperSocketTable_IsUnavailable_OffWindows()
        {
            if (Platform.IsWindows)
            {
                return; // the native path is what runs there
            }

            var table = new IpHelperSocketTable();

            Assert.True(table.CanResolveOwners);
            Assert.Throws<SocketTableUnavailableException>(() => table.Read(SocketTableRequest.Everything(), CancellationToken.None));
        }

        private static uint Invoke(NativeTableCall call)
        {
            uint size = 16;
            return call(new byte[16], ref size);
        }
    }
}
