using System;
using System.Diagnostics;
using System.IO;
using LoopbackTools.Policy;
using LoopbackTools.Tests.Audit;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    /// <summary>
    /// Debian's /usr/bin/redis-server is a symlink to redis-check-rdb: a policy entry naming the path the admin knows
    /// must match, through real symlinks made here, and the message must name the path that was compared.
    /// </summary>
    public sealed class StartedAsTests : IDisposable
    {
        private readonly string _dir;
        private readonly string _executable;
        private readonly string _link;

        public StartedAsTests()
        {
            string temp = Path.Combine(Path.GetTempPath(), "lbt-startedas-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            // /tmp may itself be a symlink: compare with what the kernel would show as /proc/<pid>/exe.
            _dir = StartedAs.RealPath(temp)!;
            _executable = Path.Combine(_dir, "redis-check-rdb");
            File.WriteAllText(_executable, "#!/bin/sh\n");
            _link = Path.Combine(_dir, "redis-server");
            using var ln = Process.Start("ln", new[] { "-s", "redis-check-rdb", _link });
            ln.WaitForExit();
        }

        public void Dispose() => Directory.Delete(_dir, true);

        private LoopbackPolicy Policy(string process)
        {
            var root = PolicyDataFileReader.Read($"@{{ Listeners = @( @{{ Port = 6379; Process = '{process}' }} ) }}", "p.psd1");
            return PolicyValidator.Validate(root, "p.psd1");
        }

        private Endpoint Redis(string commandLine)
        {
            var endpoint = AuditEndpoints.Listener("127.0.0.1", 6379, name: "redis-server", path: _executable);
            endpoint.CommandLine = commandLine;
            return endpoint;
        }

        [Fact]
        public void A_path_entry_matches_the_symlink_the_program_was_started_by()
        {
            // redis rewrites its title to "<argv[0]> <address>": argv[0] is the prefix before a space.
            Assert.True(Policy(_link).Allows(Redis(_link + " 127.0.0.1:6379")));
            Assert.True(Policy(_dir + "/redis-*").Allows(Redis(_link)));
            Assert.True(Policy(_executable).Allows(Redis(_link + " 127.0.0.1:6379")));
        }

        [Fact]
        public void argv0_is_trusted_only_when_it_resolves_to_the_executable()
        {
            string other = Path.Combine(_dir, "other");
            File.WriteAllText(other, string.Empty);
            Assert.False(Policy(other).Allows(Redis(other + " 127.0.0.1:6379")));
            Assert.False(Policy(_link).Allows(Redis("redis-server *:6379")));
            Assert.False(Policy(_link).Allows(Redis(Path.Combine(_dir, "absent") + " x")));
        }

        [Fact]
        public void The_message_names_the_paths_it_compared_not_the_process_name()
        {
            string message = Policy("/usr/sbin/redis-server").Explain(Redis(_link + " 127.0.0.1:6379"));
            Assert.Contains($"allows process /usr/sbin/redis-server, not the executable {_executable} (started as {_link})", message);

            string byName = Policy("memcached").Explain(Redis(_link));
            Assert.Contains("allows process memcached, not the process name redis-server", byName);
        }

        [Theory]
        [InlineData("/usr/bin/a b c", "/usr/bin/a b", "/x", null)]
        [InlineData("/usr/bin/a b c", "/usr/bin/a b", "/usr/bin/real", "/usr/bin/a b")]
        [InlineData("relative/path", "relative/path", "/usr/bin/real", null)]
        [InlineData("/usr/bin/real --flag", "/usr/bin/real", "/usr/bin/real", null)]
        public void Prefixes_before_each_space_are_tried(string commandLine, string resolvable, string executable, string? expected)
        {
            // A resolver that knows one path: argv[0] may hold spaces, so the right prefix must be found.
            Assert.Equal(expected, StartedAs.PathOf(commandLine, executable, p => p == resolvable ? "/usr/bin/real" : null));
        }
    }
}
