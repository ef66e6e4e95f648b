using System;
using System.Management.Automation;
using LoopbackTools.Watch;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Lets a TimeSpan parameter take a number of seconds (-Duration 10), as the core's <see cref="DurationValue"/>
    /// reads it, while TimeSpan objects and '00:05:00' keep working.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SecondsOrTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (DurationValue.TryConvert(value, out var duration))
            {
                return duration;
            }

            throw new ArgumentTransformationMetadataException(
                $"'{TerminalText.Escape(value?.ToString())}' is not a duration: give a number of seconds (10, 0.5) or a TimeSpan ('00:05:00').");
        }
    }
}
