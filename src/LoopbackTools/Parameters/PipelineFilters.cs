using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
using LoopbackTools.Errors;
using LoopbackTools.Inventory;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// How every cmdlet that gathers pipeline input reads its filter parameters, so that none of them can turn
    /// "no value" into "no filter". The decision itself (what the gathered records select) is the core's
    /// <see cref="PipelineSelection"/>; this is the PowerShell side: what was bound, where from, and the errors.
    /// </summary>
    internal static class PipelineFilters
    {
        /// <summary>
        /// True when a pipeline-bound filter holding <paramref name="value"/> was bound in this ProcessRecord call.
        /// Such parameters default to <see cref="Unbound{T}.Value"/>, which PowerShell restores between piped
        /// objects; MyInvocation.BoundParameters cannot tell, because it keeps the keys (and values) of earlier objects.
        /// </summary>
        public static bool IsBound<T>(T[]? value) => !ReferenceEquals(value, Unbound<T>.Value);

        /// <summary>
        /// Call from BeginProcessing, when BoundParameters holds exactly the command line: a filter given an empty
        /// list or $null there stops the command with EmptyFilter, instead of quietly meaning "everything".
        /// </summary>
        public static void RejectEmpty(PSCmdlet cmdlet)
        {
            foreach (var bound in cmdlet.MyInvocation.BoundParameters)
            {
                if (IsEmptyFilter(cmdlet.GetType(), bound.Key, bound.Value))
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.EmptyFilter, bound.Value,
                        $"-{bound.Key} was given no value, which selects nothing. Leave -{bound.Key} out to keep every value, "
                        + "or give it the values to keep."));
                }
            }
        }

        /// <summary>
        /// Records one ProcessRecord call's ports and process ids in <paramref name="selection"/>. A piped object
        /// whose property bound to no value ($null, an empty list) selects nothing, and says so in an EmptyFilter
        /// error, as PowerShell's binder does for an object it cannot bind at all.
        /// </summary>
        public static void Gather(PSCmdlet cmdlet, PipelineSelection selection, string portName, int[]? ports, string? idName, int[]? ids)
        {
            var portInput = Read(cmdlet, portName, ports);
            var idInput = idName == null ? FilterInput.NotBound : Read(cmdlet, idName, ids);
            selection.Add(cmdlet.MyInvocation.ExpectingInput, portInput, idInput);
        }

        /// <summary>A piped filter bound to no value: the EmptyFilter error naming the properties it came from.</summary>
        public static void ReportEmptyPiped(PSCmdlet cmdlet, string parameter, object? value)
        {
            var names = new List<string> { parameter };
            var property = cmdlet.GetType().GetProperty(parameter);
            var alias = property?.GetCustomAttribute<AliasAttribute>();
            if (alias != null)
            {
                names.AddRange(alias.AliasNames);
            }

            cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.EmptyFilter, value,
                $"A piped object gave -{parameter} no value (its {string.Join(" or ", names)} property is empty), so it selects nothing."));
        }

        private static FilterInput Read(PSCmdlet cmdlet, string name, int[]? values)
        {
            if (!IsBound(values))
            {
                return FilterInput.NotBound;
            }

            var input = FilterInput.Of(values);
            if (input.IsEmpty)
            {
                ReportEmptyPiped(cmdlet, name, values);
            }

            return input;
        }

        private static bool IsEmptyFilter(Type cmdletType, string name, object? value)
        {
            var property = cmdletType.GetProperty(name);
            if (property == null || !property.PropertyType.IsArray || property.GetCustomAttribute<AllowEmptyCollectionAttribute>() != null)
            {
                return false;
            }

            object? raw = value is PSObject wrapped ? wrapped.BaseObject : value;
            return raw == null || (raw is ICollection collection && collection.Count == 0);
        }
    }

    /// <summary>The default of a pipeline-bound filter: an empty array no caller can pass, since it is this very instance.</summary>
    internal static class Unbound<T>
    {
        public static readonly T[] Value = new T[0];
    }
}
