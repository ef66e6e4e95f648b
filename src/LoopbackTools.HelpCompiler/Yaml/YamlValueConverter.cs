using System;
using System.Collections.Generic;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads a <see cref="YamlValue"/> from YamlDotNet's event stream, keeping the line of the event. Nothing in
    /// the platyPS schema nests deeper than a list of plain values, so a mapping or a nested list here is an error.
    /// </summary>
    internal sealed class YamlValueConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(YamlValue);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                return FromScalar(scalar);
            }

            if (parser.TryConsume<SequenceStart>(out var start))
            {
                var items = new List<YamlValue>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (!parser.TryConsume<Scalar>(out var item))
                    {
                        throw Unexpected(parser, "a list here holds plain values, not lists or mappings");
                    }

                    items.Add(FromScalar(item));
                }

                return new YamlValue((int)start.Start.Line, items);
            }

            throw Unexpected(parser, "expected a value or a list of values here, not a mapping");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("the help compiler only reads YAML");

        private static YamlValue FromScalar(Scalar scalar)
        {
            bool isQuoted = scalar.Style == ScalarStyle.SingleQuoted || scalar.Style == ScalarStyle.DoubleQuoted;
            return new YamlValue((int)scalar.Start.Line, scalar.Value, isQuoted);
        }

        private static YamlException Unexpected(IParser parser, string reason)
        {
            ParsingEvent current = parser.Current ?? throw new YamlException(reason);
            return new YamlException(current.Start, current.End, reason);
        }
    }
}
