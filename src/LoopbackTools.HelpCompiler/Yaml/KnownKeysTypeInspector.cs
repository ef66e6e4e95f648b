using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.Serialization;
using YamlDotNet.Serialization;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Decides what a key that no property takes means. A class with a [Description] is a closed block: the key
    /// is a typo such as "IsRequried" that would otherwise drop a fact from Get-Help, and the error names the
    /// block (YamlDotNet's own message names a C# type). A class without one (the front matter, where platyPS
    /// keeps any metadata) skips the key.
    /// </summary>
    internal sealed class KnownKeysTypeInspector : ITypeInspector
    {
        private readonly ITypeInspector _inner;

        public KnownKeysTypeInspector(ITypeInspector inner)
        {
            _inner = inner;
        }

        public IPropertyDescriptor GetProperty(Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitivePropertyMatching)
        {
            IPropertyDescriptor? property = _inner.GetProperty(type, container, name, ignoreUnmatched: true, caseInsensitivePropertyMatching);
            string? block = type.GetCustomAttribute<DescriptionAttribute>()?.Description;
            if (property == null && block != null)
            {
                // YamlDotNet rethrows this as a YamlException at the key's position, with this message.
                throw new SerializationException($"unknown key '{name}' in {block}");
            }

            return property!;
        }

        public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) => _inner.GetProperties(type, container);

        public string GetEnumName(Type enumType, string name) => _inner.GetEnumName(enumType, name);

        public string GetEnumValue(object enumValue) => _inner.GetEnumValue(enumValue);

        public bool HasParseMethod(Type type) => _inner.HasParseMethod(type);

        public object? Parse(string value, Type expectedType) => _inner.Parse(value, expectedType);
    }
}
