using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Classification
{
    /// <summary>Loopback, wildcard or specific: the one question every analysis asks of an address.</summary>
    internal static class AddressClassifier
    {
        public static bool IsLoopback(IPAddress address)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            // IPAddress.IsLoopback covers all of 127.0.0.0/8 and ::1.
            return IPAddress.IsLoopback(address);
        }

        public static bool IsWildcard(IPAddress address)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return address.AddressFamily == AddressFamily.InterNetworkV6
                ? address.Equals(IPAddress.IPv6Any)
                : address.Equals(IPAddress.Any);
        }

        public static Exposure ExposureOf(IPAddress localAddress)
        {
            if (IsLoopback(localAddress))
            {
                return Exposure.LoopbackOnly;
            }

            return IsWildcard(localAddress) ? Exposure.AllInterfaces : Exposure.SpecificInterface;
        }

        public static PortCategory CategoryOf(int port)
        {
            if (port <= 1023)
            {
                return PortCategory.WellKnown;
            }

            return port <= 49151 ? PortCategory.Registered : PortCategory.Dynamic;
        }
    }
}
