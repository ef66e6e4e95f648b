using System.Collections.Generic;
using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// What the inventory asks of an address (its text, loopback or wildcard), worked out once per distinct address of
    /// a read instead of once per row: a table of 100,000 loopback rows holds a handful of addresses. Each distinct
    /// address also gets a small id, so ordering can rank addresses once and then compare integers.
    /// </summary>
    /// <remarks>
    /// Sources hand out one <see cref="IPAddress"/> instance per distinct address, and rows of one connection repeat
    /// the same local and remote address, so the last address seen on each side is checked by reference before the
    /// dictionary. Not thread-safe: one reader fills it, one call at a time.
    /// </remarks>
    internal sealed class AddressFacts
    {
        private readonly Dictionary<IPAddress, Fact> _byAddress = new Dictionary<IPAddress, Fact>();
        private readonly List<Fact> _all = new List<Fact>();
        private Fact? _lastLocal;
        private Fact? _lastRemote;

        /// <summary>Every distinct address seen, by id.</summary>
        public IReadOnlyList<Fact> All => _all;

        public Fact OfLocal(IPAddress address)
        {
            var last = _lastLocal;
            if (last != null && ReferenceEquals(last.Address, address))
            {
                return last;
            }

            return _lastLocal = Of(address);
        }

        public Fact OfRemote(IPAddress address)
        {
            var last = _lastRemote;
            if (last != null && ReferenceEquals(last.Address, address))
            {
                return last;
            }

            return _lastRemote = Of(address);
        }

        private Fact Of(IPAddress address)
        {
            if (!_byAddress.TryGetValue(address, out var fact))
            {
                fact = new Fact(address, _all.Count);
                _byAddress.Add(address, fact);
                _all.Add(fact);
            }

            return fact;
        }

        /// <summary>One distinct address and what every row holding it needs to know.</summary>
        internal sealed class Fact
        {
            public Fact(IPAddress address, int id)
            {
                Address = address;
                Id = id;
                Text = AddressText.Format(address);
                IsLoopback = AddressClassifier.IsLoopback(address);
                IsWildcard = AddressClassifier.IsWildcard(address);
            }

            public IPAddress Address { get; }

            public int Id { get; }

            /// <summary>The canonical text (<see cref="AddressText"/>), without a device scope.</summary>
            public string Text { get; }

            public bool IsLoopback { get; }

            public bool IsWildcard { get; }
        }
    }
}
