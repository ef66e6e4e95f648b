using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Baseline objects or a baseline file, as entries; any unreadable row or file stops the cmdlet with one clear error.</summary>
    internal static class BaselineLoader
    {
        public static List<BaselineEntry> FromObjects(PSCmdlet cmdlet, IEnumerable<object?> objects, string source)
        {
            var entries = new List<BaselineEntry>();
            int row = 0;
            foreach (var item in BaselineFileReader.Flatten(objects))
            {
                row++;
                try
                {
                    entries.Add(BaselineEntryConverter.Convert(item, row, source));
                }
                catch (BaselineFormatException e)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.InvalidBaselineEntry, item, e.Message, e));
                }
            }

            return entries;
        }

        public static List<BaselineEntry> FromPath(PSCmdlet cmdlet, string path)
        {
            IReadOnlyList<object> objects = Array.Empty<object>();
            string full = path;
            try
            {
                objects = BaselineFileReader.Read(cmdlet, path, out full);
            }
            catch (FileNotFoundException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.BaselineNotFound, path, e.Message, e));
            }
            catch (NotSupportedException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.BaselineUnsupportedFormat, path, e.Message, e));
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException || e is RuntimeException || e is System.Xml.XmlException)
            {
                string message = e is InvalidDataException ? e.Message : $"Baseline file '{full}' cannot be read: {e.Message}";
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.BaselineUnreadable, path, message, e));
            }

            return FromObjects(cmdlet, objects, $"'{full}'");
        }
    }
}
