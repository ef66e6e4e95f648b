using System;
using LoopbackTools.Watch;
using Xunit;

namespace LoopbackTools.Tests.Watch
{
    public class DurationValueTests
    {
        [Theory]
        [InlineData(10, 10.0)]
        [InlineData(0.5, 0.5)]
        [InlineData("10", 10.0)]
        [InlineData(" 2.5 ", 2.5)]
        [InlineData("00:01:00", 60.0)]
        [InlineData("1.00:00:00", 86400.0)]
        [InlineData(-3, -3.0)]
        [InlineData(0, 0.0)]
        public void A_number_is_seconds_and_TimeSpan_text_keeps_its_meaning(object value, double seconds)
        {
            Assert.True(DurationValue.TryConvert(value, out var duration));
            Assert.Equal(seconds, duration.TotalSeconds, 6);
        }

        [Fact]
        public void Integers_of_every_width_are_seconds_and_a_TimeSpan_is_itself()
        {
            Assert.True(DurationValue.TryConvert(10L, out var fromLong));
            Assert.True(DurationValue.TryConvert(10m, out var fromDecimal));
            Assert.True(DurationValue.TryConvert((byte)10, out var fromByte));
            Assert.True(DurationValue.TryConvert(TimeSpan.FromTicks(10), out var ticks));
            Assert.Equal(TimeSpan.FromSeconds(10), fromLong);
            Assert.Equal(TimeSpan.FromSeconds(10), fromDecimal);
            Assert.Equal(TimeSpan.FromSeconds(10), fromByte);
            Assert.Equal(10, ticks.Ticks);
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("")]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(1e300)]
        [InlineData(true)]
        public void What_is_not_a_duration_is_refused(object value)
        {
            Assert.False(DurationValue.TryConvert(value, out _));
        }
    }
}
