using System.IO;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Linux;

namespace LoopbackTools.Fuzz
{
    /// <summary>/etc/passwd (UserNameMap): never throws.</summary>
    internal sealed class PasswdTarget : InProcessTarget
    {
        public override string Name => "passwd";

        public override string Description => "/etc/passwd";

        protected override void Run(byte[] data, string extension)
        {
            var users = UserNameMap.Parse(new StringReader(Text(data)));
            users.NameOf(0);
            users.NameOf(uint.MaxValue);
        }
    }
}
