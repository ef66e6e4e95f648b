namespace LoopbackTools.Policy
{
    /// <summary>What is wrong with a policy file; the cmdlet turns each into its own ErrorId (PolicySyntaxError, PolicyUnknownKey, ...).</summary>
    public enum PolicyProblem
    {
        /// <summary>The file does not parse as PowerShell data or JSON.</summary>
        Syntax,

        /// <summary>A .psd1 uses something other than constants (a command, a variable, a subexpression).</summary>
        NotConstant,

        /// <summary>A key the policy format does not have (a typo, usually).</summary>
        UnknownKey,

        /// <summary>The same key twice in one map.</summary>
        DuplicateKey,

        /// <summary>A required key is absent.</summary>
        MissingKey,

        /// <summary>A value of the wrong shape (a list where a hashtable belongs, a number where text belongs).</summary>
        InvalidValue,

        /// <summary>A port that is not a whole number from 1 to 65535.</summary>
        InvalidPort,

        /// <summary>A port range string that is not "low-high" with low ≤ high.</summary>
        InvalidPortRange,

        /// <summary>A protocol other than Tcp or Udp.</summary>
        InvalidProtocol,

        /// <summary>An exposure other than LoopbackOnly, AllInterfaces or SpecificInterface.</summary>
        InvalidExposure,

        /// <summary>An empty or malformed process name or path pattern.</summary>
        InvalidProcess,
    }
}
