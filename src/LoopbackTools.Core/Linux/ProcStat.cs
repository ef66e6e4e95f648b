namespace LoopbackTools.Linux
{
    /// <summary>
    /// The fields of /proc/&lt;pid&gt;/stat (proc(5)) that tell one process, and one program image of it, from another.
    /// </summary>
    /// <remarks>
    /// <para>A pid alone is not an identity: the kernel hands a freed pid to the next process (quickly inside a small PID
    /// namespace). The pair (pid, <see cref="StartTicks"/>) is: two processes with one pid cannot start in the same
    /// clock tick.</para>
    /// <para>exec() keeps the pid and the start time but builds a new address space. With address space layout
    /// randomisation the new image's <see cref="StartCode"/> and <see cref="StartStack"/> differ from the old one's, so a
    /// holder that ran another program between two reads is caught. The kernel shows both as 0 to a reader without
    /// ptrace access, which is never a reader that could list the process's fds; without ASLR (randomize_va_space=0) an
    /// exec of the same binary keeps them, and then only the command line could differ.</para>
    /// </remarks>
    internal readonly struct ProcStat
    {
        public ProcStat(char state, int parentProcessId, ulong startTicks, ulong startCode, ulong startStack)
        {
            State = state;
            ParentProcessId = parentProcessId;
            StartTicks = startTicks;
            StartCode = startCode;
            StartStack = startStack;
        }

        /// <summary>Field 3: R, S, D, T, Z (zombie: exited, not yet reaped), X (dead)...</summary>
        public char State { get; }

        /// <summary>Field 4 (0 for the first process of a PID namespace and for kernel threads' parent).</summary>
        public int ParentProcessId { get; }

        /// <summary>Field 22: clock ticks after boot when the process started.</summary>
        public ulong StartTicks { get; }

        /// <summary>Field 26: where the program's code starts (0 when not permitted or a kernel thread).</summary>
        public ulong StartCode { get; }

        /// <summary>Field 28: the start (bottom) of the main thread's stack.</summary>
        public ulong StartStack { get; }

        /// <summary>A zombie or dead process: it has exited and holds no fds any more.</summary>
        public bool HasExited => State == 'Z' || State == 'X';

        /// <summary>The same process: same start time (the pid is compared by the caller).</summary>
        public bool SameProcessAs(ProcStat other) => StartTicks == other.StartTicks;

        /// <summary>The same process running the same program image (no exec() in between).</summary>
        public bool SameImageAs(ProcStat other) =>
            StartTicks == other.StartTicks && StartCode == other.StartCode && StartStack == other.StartStack;

        /// <summary>
        /// Parses the text of /proc/&lt;pid&gt;/stat. The command name (field 2) is in parentheses and may itself hold
        /// spaces and ')': the fields restart after the last ')'. False when the text is cut short or malformed.
        /// </summary>
        public static bool TryParse(byte[] text, int length, out ProcStat stat)
        {
            stat = default;
            int close = -1;
            for (int i = length - 1; i >= 0; i--)
            {
                if (text[i] == (byte)')')
                {
                    close = i;
                    break;
                }
            }

            // ") S 1 ..." : the state follows the parenthesis and a space.
            if (close < 0 || close + 3 >= length || text[close + 1] != (byte)' ')
            {
                return false;
            }

            char state = (char)text[close + 2];
            ulong ppid = 0, start = 0, code = 0, stack = 0;
            int field = 3;
            int at = close + 3;
            while (field < 28)
            {
                // Every field after the state is separated by exactly one space.
                if (at >= length || text[at] != (byte)' ')
                {
                    return false;
                }

                at++;
                field++;
                if (!TryParseNumber(text, length, ref at, out ulong value))
                {
                    // Fields we do not read may be negative (priority, nice): skip them as text.
                    if (field == 4 || field == 22 || field == 26 || field == 28)
                    {
                        return false;
                    }

                    while (at < length && text[at] != (byte)' ')
                    {
                        at++;
                    }

                    continue;
                }

                switch (field)
                {
                    case 4: ppid = value; break;
                    case 22: start = value; break;
                    case 26: code = value; break;
                    case 28: stack = value; break;
                }
            }

            if (ppid > int.MaxValue)
            {
                return false;
            }

            stat = new ProcStat(state, (int)ppid, start, code, stack);
            return true;
        }

        private static bool TryParseNumber(byte[] text, int length, ref int at, out ulong value)
        {
            value = 0;
            int begin = at;
            while (at < length && text[at] >= (byte)'0' && text[at] <= (byte)'9')
            {
                ulong digit = (ulong)(text[at] - (byte)'0');
                if (value > (ulong.MaxValue - digit) / 10)
                {
                    return false; // overflow: not a field of ours
                }

                value = (value * 10) + digit;
                at++;
            }

            return at > begin && (at == length || text[at] == (byte)' ' || text[at] == (byte)'\n');
        }
    }
}
