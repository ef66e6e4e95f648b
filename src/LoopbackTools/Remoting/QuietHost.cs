using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The host a remote invocation is started with: one without a user interface. The remote side then sends its
    /// warnings and verbose messages only as stream records (which the cmdlet forwards, prefixed with the host's
    /// name), not also as host calls that would print them a second time, unprefixed; and a command there can never
    /// prompt and wait for an answer nobody sees.
    /// </summary>
    internal sealed class QuietHost : PSHost
    {
        public static readonly QuietHost Instance = new QuietHost();

        private readonly Guid _id = Guid.NewGuid();

        public override string Name => "LoopbackTools.RemoteCall";

        public override Version Version { get; } = typeof(QuietHost).Assembly.GetName().Version!;

        public override Guid InstanceId => _id;

        public override PSHostUserInterface? UI => null;

        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        public override void SetShouldExit(int exitCode)
        {
        }

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }
    }
}
