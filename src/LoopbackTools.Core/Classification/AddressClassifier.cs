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

        public static Exposure ExposureOf(IPAddress localAddress) => ExposureOf(localAddress, 0);

        /// <summary>
        /// As <see cref="ExposureOf(IPAddress)"/>, for a socket bound to a device (SO_BINDTODEVICE; 0 for none): a
        /// wildcard bound to the loopback device is reached only from this machine, one bound to any other device only
        /// through that device.
        /// </summary>
        public static Exposure ExposureOf(IPAddress localAddress, int interfaceIndex) =>
            ExposureOf(IsLoopback(localAddress), IsWildcard(localAddress), interfaceIndex);

        /// <summary>As <see cref="ExposureOf(IPAddress, int)"/>, from what is already known of the address.</summary>
        public static Exposure ExposureOf(bool isLoopback, bool isWildcard, int interfaceIndex)
        {
            if (isLoopback)
            {
                return Exposure.LoopbackOnly;
            }

            if (!isWildcard)
            {
                return Exposure.SpecificInterface;
            }

            if (interfaceIndex == 0)
            {
                return Exposure.AllInterfaces;
            }

            return Linux.InterfaceNames.IsLoopback(interfaceIndex) ? Exposure.LoopbackOnly : Exposure.SpecificInterface;
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
