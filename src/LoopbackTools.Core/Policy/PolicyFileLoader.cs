using System;
using System.Globalization;
using System.IO;
using System.Text;
using LoopbackTools.Errors;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// Reads one policy file (a path already resolved by the cmdlet) and validates it. Every failure, whatever its
    /// cause, comes out as a <see cref="PolicyException"/> naming the file, so Test-LoopbackPolicy can report it and
    /// go on to the next file, and the session never sees a stack trace or a stray exception type.
    /// </summary>
    internal static class PolicyFileLoader
    {
        /// <summary>A policy is a few KB; 4 MB is a hundred times the largest real one, and reads in well under a second.</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        public static LoopbackPolicy Load(string path)
        {
            try
            {
                string text = ReadText(path);
                PolicyNode root = Path.GetExtension(path).ToLowerInvariant() == ".json"
                    ? PolicyJsonReader.Read(text, path)
                    : PolicyDataFileReader.Read(text, path);
                return PolicyValidator.Validate(root, path);
            }
            catch (PolicyException)
            {
                throw;
            }
            catch (UnauthorizedAccessException)
            {
                throw new PolicyException(ErrorCatalogue.PolicyUnreadable, path, 0, null,
                    "the file cannot be read: permission denied (run as a user who may read it, or copy it somewhere readable).");
            }
            catch (IOException e)
            {
                throw new PolicyException(ErrorCatalogue.PolicyUnreadable, path, 0, null, $"the file cannot be read: {ExceptionText.Clause(e)}.");
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Defence in depth: a bug of ours must cost one file's answer, not the pipeline of files.
                throw new PolicyException(ErrorCatalogue.PolicySyntaxError, path, 0, null,
                    $"the file could not be read as a policy ({e.GetType().Name}: {ExceptionText.Clause(e)}).");
            }
        }

        /// <summary>The file's text, refused up front when it is a directory, missing, of another format or too large.</summary>
        private static string ReadText(string path)
        {
            if (Directory.Exists(path))
            {
                throw new PolicyException(ErrorCatalogue.PolicyIsDirectory, path, 0, null,
                    "this is a directory, not a policy file; give a .psd1 or .json file "
                    + "(Get-ChildItem <dir> -Filter *.psd1 | Test-LoopbackPolicy checks each).");
            }

            if (!File.Exists(path))
            {
                throw new PolicyException(ErrorCatalogue.PolicyNotFound, path, 0, null, "the file does not exist.");
            }

            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension != ".psd1" && extension != ".json")
            {
                throw new PolicyException(ErrorCatalogue.PolicyUnsupportedFormat, path, 0, null,
                    "the file is neither .psd1 nor .json; the format follows the extension.");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                throw TooLarge(path, Megabytes(stream.Length) + " MB");
            }

            // Read at most one byte past the limit: a FIFO or a /proc file reports length 0 and may never end.
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw TooLarge(path, "over " + Megabytes(MaxBytes) + " MB");
                }
            }

            buffer.Position = 0;
            // UTF-8 unless a byte order mark says otherwise, as PowerShell 7 reads scripts; invalid bytes become U+FFFD.
            using var reader = new StreamReader(buffer, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        private static PolicyException TooLarge(string path, string size) =>
            new PolicyException(ErrorCatalogue.PolicyTooLarge, path, 0, null,
                $"the file is {size}, more than the {Megabytes(MaxBytes)} MB a policy may be; it is refused before it is read.");

        private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
    }
}
