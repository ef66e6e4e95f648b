using System.Collections;
using System.Globalization;
using System.Management.Automation;
using LoopbackTools.Baselines;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Baseline objects as rows for the core's converter: live Endpoint objects as they are, and whatever else came
    /// (Import-Csv rows, ConvertFrom-Json objects, Import-Clixml's deserialized objects, hashtables) by the values of
    /// the properties a baseline uses. A property that holds a list or an object is marked as such, not turned into
    /// "System.Object[]".
    /// </summary>
    internal static class BaselineEntryConverter
    {
        /// <summary>A live endpoint's entry, or null when the object is something to read as a row.</summary>
        public static BaselineEntry? FromEndpoint(object? input) =>
            (input is PSObject wrapped ? wrapped.BaseObject : input) is Endpoint endpoint ? BaselineEntry.From(endpoint) : null;

        public static BaselineRow ToRow(object? input, int number, string source)
        {
            var row = new BaselineRow(number, 0, source);
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value is IDictionary dictionary)
            {
                foreach (string name in BaselineRowConverter.Names)
                {
                    if (dictionary.Contains(name))
                    {
                        row.TryAdd(name, Unwrap(dictionary[name]));
                    }
                }

                return row;
            }

            if (input == null || value == null)
            {
                row.NotAnObject = "empty";
                return row;
            }

            if (!(value is PSCustomObject) && IsScalar(value))
            {
                row.NotAnObject = $"the value '{TerminalText.Escape(Text(value))}'";
                return row;
            }

            var obj = PSObject.AsPSObject(input);
            foreach (string name in BaselineRowConverter.Names)
            {
                var property = obj.Properties[name];
                if (property == null)
                {
                    continue;
                }

                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (GetValueException)
                {
                    // A script property that fails has no value to compare.
                    propertyValue = null;
                }

                row.TryAdd(name, Unwrap(propertyValue));
            }

            return row;
        }

        private static object? Unwrap(object? value)
        {
            object? inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (inner == null)
            {
                return null;
            }

            return inner is PSCustomObject || inner is IDictionary || (inner is IEnumerable && !(inner is string)) ? BaselineRow.Structured : inner;
        }

        private static bool IsScalar(object value) => value is string || value.GetType().IsPrimitive || value is decimal || value is System.Enum;

        private static string? Text(object value) =>
            value is System.IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
    }
}
