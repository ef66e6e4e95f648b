<#
    Issue 9 sections 3 and 5: bad input gets an error record that says what is wrong (our ErrorId, the offending
    value as target), and a choice that would quietly do less than asked is an error, not an empty result.
#>
BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function script:Get-FirstError {
        <# Runs $Command and returns its output and its first error record (terminating or not). #>
        param([scriptblock] $Command)
        $ErrorActionPreference = 'Continue'
        $output = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[object]]::new()
        try {
            & $Command 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
            }
        }
        catch { $errors.Add($_) }
        [pscustomobject]@{ Output = $output.ToArray(); Error = $errors | Select-Object -First 1; Count = $errors.Count }
    }
}

Describe 'Get-PortInfo says what is wrong with the text it was given' {
    It '<Name>' -TestCases @(
        @{ Name = 'a URL is told to give the endpoint alone'; Command = { Get-PortInfo 'http://localhost:80/' }
            Id = 'InvalidEndpoint'; Says = '*is a URL*as in localhost:80*'; Target = 'http://localhost:80/' }
        @{ Name = 'a range is told to give a list'; Command = { Get-PortInfo 80-90 }
            Id = 'InvalidEndpoint'; Says = '*range of ports*(80..90)*'; Target = '80-90' }
        @{ Name = 'an -Address with a port is told to give the port with -Port'; Command = { Get-PortInfo -Port 80 -Address 127.0.0.1:80 }
            Id = 'InvalidAddress'; Says = "*'127.0.0.1:80' has a port*-Port*"; Target = '127.0.0.1:80' }
        @{ Name = 'an object without a port is told what a piped object needs'; Command = { Get-Process -Id $PID | Get-PortInfo }
            Id = 'InvalidEndpoint'; Says = '*needs a Port or LocalPort property*'; Target = $null }
    ) {
        $r = Get-FirstError $Command
        $r.Output.Count | Should -Be 0
        $r.Count | Should -Be 1
        $r.Error.FullyQualifiedErrorId | Should -Be "$Id,LoopbackTools.Commands.GetPortInfoCommand"
        $r.Error.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $r.Error.Exception.Message | Should -BeLike $Says
        $r.Error.Exception.Message | Should -Not -BeLike '*ambiguous*'
        $r.Error.Exception.Message | Should -Not -BeLike '*<port>*'
        if ($Target) { $r.Error.TargetObject | Should -Be $Target }
    }
}

Describe 'Find-PortConflict and Test-LocalPort refuse what is not this machine''s, saying why' {
    It 'Find-PortConflict -Address with an address this machine does not have is AddressNotLocal, not InUse' {
        $r = Get-FirstError { Find-PortConflict -Port 80 -Address 198.51.100.77 }
        $r.Output.Count | Should -Be 0
        $r.Error.FullyQualifiedErrorId | Should -Be 'AddressNotLocal,LoopbackTools.Commands.FindPortConflictCommand'
        $r.Error.TargetObject | Should -Be '198.51.100.77'
        $r.Error.Exception.Message | Should -BeLike '*198.51.100.77 is not an address of this machine*'
    }

    It 'Find-PortConflict -Address with a port says so' {
        $r = Get-FirstError { Find-PortConflict -Port 80 -Address '[::1]:80' }
        $r.Error.FullyQualifiedErrorId | Should -Be 'InvalidAddress,LoopbackTools.Commands.FindPortConflictCommand'
        $r.Error.Exception.Message | Should -BeLike '*has a port*'
    }

    It 'Test-LocalPort -ComputerName localhost:80 says the port belongs in -Port' {
        $r = Get-FirstError { Test-LocalPort 80 -ComputerName localhost:80 }
        $r.Output.Count | Should -Be 0
        $r.Error.FullyQualifiedErrorId | Should -Be 'ComputerNameNotLocal,LoopbackTools.Commands.TestLocalPortCommand'
        $r.Error.Exception.Message | Should -BeLike "*'localhost:80' has a port in it*-Port 80 -ComputerName localhost*"
        $r.Error.Exception.Message | Should -Not -BeLike '*not a name of this machine*'
    }
}

Describe 'Paths that are directories or unreadable' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-messages-$([guid]::NewGuid())"
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

    It 'Test-LoopbackPolicy says a directory is a directory' {
        $err = $null
        Test-LoopbackPolicy -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeFalse
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PolicyIsDirectory,*'
        $err[0].Exception.Message | Should -BeLike '*is a directory, not a policy file*'
    }

    It 'Compare-LoopbackBaseline says a directory is a directory' {
        $r = Get-FirstError { Compare-LoopbackBaseline -Path $dir }
        $r.Error.FullyQualifiedErrorId | Should -BeLike 'BaselineNotFound,*'
        $r.Error.Exception.Message | Should -BeLike '*is a directory, not a baseline file*'
    }

    It 'an unreadable policy is PolicyUnreadable, in one sentence ending with one full stop' {
        # Root reads every file; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it reads like anyone else.
        $file = Join-Path $dir 'locked.psd1'
        Set-Content -Path $file -Value "@{ Listeners = @( @{ Port = 22 } ) }"
        chmod 000 $file
        $json = Invoke-PwshInNetworkNamespace -Prefix 'setpriv', '--bounding-set=-dac_override,-dac_read_search',
            '--inh-caps=-dac_override,-dac_read_search' -Script @"
Import-Module `$env:LOOPBACKTOOLS_MODULE
`$err = `$null
`$ok = Test-LoopbackPolicy -Path '$file' -ErrorVariable err -ErrorAction SilentlyContinue
[pscustomobject]@{ Ok = `$ok; Id = `$err[0].FullyQualifiedErrorId; Message = `$err[0].Exception.Message } | ConvertTo-Json
"@
        $r = $json | ConvertFrom-Json
        $r.Ok | Should -BeFalse
        $r.Id | Should -BeLike 'PolicyUnreadable,*'
        $r.Message | Should -BeLike "*cannot be read*denied*"
        $r.Message | Should -Not -BeLike '*..'
    }
}

Describe 'Invoke-LoopbackAudit: a rule selection that would run less than asked is an error' {
    It '<Name>' -TestCases @(
        @{ Name = 'a pattern that matches no rule'; Arguments = @{ Rule = 'Sensitve*' }; Id = 'UnknownAuditRule'; Target = 'Sensitve*' }
        @{ Name = 'an exclusion that matches no rule'; Arguments = @{ ExcludeRule = 'Unowned*x' }; Id = 'UnknownAuditRule'; Target = 'Unowned*x' }
        @{ Name = 'a rule needing -Policy chosen by pattern'; Arguments = @{ Rule = 'PolicyViol*' }; Id = 'PolicyRequired'; Target = 'PolicyViol*' }
        @{ Name = 'a rule needing a baseline chosen by pattern'; Arguments = @{ Rule = 'Baseline*' }; Id = 'BaselineRequired'; Target = 'Baseline*' }
        @{ Name = 'an exclusion that leaves nothing'; Arguments = @{ Rule = 'Expos*'; ExcludeRule = 'ExposedListener' }; Id = 'NoAuditRuleSelected'
            Target = 'ExposedListener' }
    ) {
        $r = Get-FirstError { Invoke-LoopbackAudit @Arguments }
        $r.Output.Count | Should -Be 0
        $r.Error.FullyQualifiedErrorId | Should -Be "$Id,LoopbackTools.Commands.InvokeLoopbackAuditCommand"
        $r.Error.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $r.Error.TargetObject | Should -Be $Target
    }

    It 'still runs a pattern whose rules have their input, and leaves out excluded ones quietly' {
        $r = Get-FirstError { Invoke-LoopbackAudit -Rule '*' -ExcludeRule PolicyViolation, BaselineDrift -MinimumSeverity High }
        $r.Count | Should -Be 0
    }
}
