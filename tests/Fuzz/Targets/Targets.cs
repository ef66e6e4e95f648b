using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>Every target by name: one per parser of text or bytes the module did not write itself.</summary>
    internal static class Targets
    {
        private static readonly Dictionary<string, Func<Options, FuzzTarget>> All = new Func<Options, FuzzTarget>[]
        {
            _ => new NetlinkTarget(),
            _ => new ProcNetTarget(),
            _ => new ProcStatTarget(),
            _ => new ProcStatusTarget(),
            _ => new ServicesTarget(),
            _ => new PasswdTarget(),
            _ => new HostsTarget(),
            _ => new IpHelperTarget(),
            _ => new NetshTarget(),
            _ => new SysctlTarget(),
            _ => new PolicyJsonTarget(),
            _ => new PolicyPsd1Target(),
            o => new PolicyCmdletTarget(o),
            o => new BaselineCmdletTarget(o),
            _ => new CatalogueTarget(),
            _ => new HostPortTarget(),
            _ => new WildcardTarget(),
        }.ToDictionary(make => Name(make), make => make);

        public static IEnumerable<string> Names => All.Keys;

        public static FuzzTarget Create(string name, Options options) => All[name](options);

        // The name is the target's own; making one to ask is cheap for all but the child targets, which start lazily.
        private static string Name(Func<Options, FuzzTarget> make)
        {
            using var target = make(new Options());
            return target.Name;
        }
    }
}
