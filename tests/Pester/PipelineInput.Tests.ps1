<#
    Issue 9 section 1: an empty pipeline, a filter given no value, or piped objects that all fail binding select
    nothing, in every cmdlet that gathers pipeline input; never the whole table. Real listeners and real child
    processes; each test first shows that the unfiltered command would have returned rows, so it can fail.
#>
BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force

    # Two listeners of this process: on this machine the table is never empty while they live.
    $script:a = New-TestTcpListener '127.0.0.1'
    $script:b = New-TestTcpListener '127.0.0.1'
    $script:portA = $a.LocalEndpoint.Port
    $script:portB = $b.LocalEndpoint.Port

    function script:Invoke-Captured {
        <# Runs $Command and returns its output and its error records, separately. #>
        param([scriptblock] $Command)
        # Errors are data here: non-terminating ones arrive in the stream, a terminating one ends the command.
        $ErrorActionPreference = 'Continue'
        $output = [System.Collections.Generic.List[object]]::new()
        $errors = [System.Collections.Generic.List[object]]::new()
        try {
            & $Command 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
            }
        }
        catch { $errors.Add($_) }
        [pscustomobject]@{ Output = $output.ToArray(); Errors = $errors.ToArray() }
    }
}

AfterAll {
    $a.Stop(); $b.Stop()
}

Describe 'Get-LoopbackEndpoint: no input selects nothing' {
    It 'has rows to lose: the unfiltered listing holds this test''s listeners' {
        @(Get-LoopbackEndpoint -Listening | Where-Object LocalPort -In $portA, $portB).Count | Should -Be 2
    }

    It 'returns nothing for an empty pipeline (<Name>)' -TestCases @(
        @{ Name = 'Get-Process -Name nosuch'; Upstream = { Get-Process -Name 'lbt-no-such-process-*' -ErrorAction SilentlyContinue } }
        @{ Name = '@()'; Upstream = { @() } }
        @{ Name = 'Where-Object that keeps nothing'; Upstream = { Get-LoopbackEndpoint -Listening | Where-Object LocalPort -EQ -1 } }
    ) {
        $rows = @(& $Upstream | Get-LoopbackEndpoint -Listening)
        $rows.Count | Should -Be 0
    }

    It 'stops with EmptyFilter when -<Parameter> is given no value' -TestCases @(
        @{ Parameter = 'Port'; Value = @() }
        @{ Parameter = 'ProcessId'; Value = @() }
        @{ Parameter = 'ProcessId'; Value = $null }
        @{ Parameter = 'Protocol'; Value = @() }
        @{ Parameter = 'State'; Value = @() }
        @{ Parameter = 'AddressFamily'; Value = @() }
        @{ Parameter = 'RemotePort'; Value = @() }
        @{ Parameter = 'ProcessName'; Value = @() }
        @{ Parameter = 'ProcessName'; Value = $null }
    ) {
        $splat = @{ $Parameter = $Value }
        $result = Invoke-Captured { Get-LoopbackEndpoint -Listening @splat }
        $result.Output.Count | Should -Be 0
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'EmptyFilter,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $result.Errors[0].Exception.Message | Should -BeLike "*-$Parameter*"
    }

    It 'returns nothing when every piped object fails binding (<Name>)' -TestCases @(
        @{ Name = "'abc'"; Piped = { 'abc' } }
        @{ Name = 'Port = 70000'; Piped = { [pscustomobject]@{ Port = 70000 } } }
        @{ Name = 'an object with neither Port nor Id'; Piped = { [pscustomobject]@{ Name = 'x' } } }
    ) {
        $result = Invoke-Captured { & $Piped | Get-LoopbackEndpoint -Listening }
        $result.Output.Count | Should -Be 0
        $result.Errors.Count | Should -BeGreaterThan 0
    }

    It 'selects nothing for a piped Id of $null, and says so with EmptyFilter' {
        $result = Invoke-Captured { [pscustomobject]@{ Id = $null } | Get-LoopbackEndpoint -Listening }
        $result.Output.Count | Should -Be 0
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'EmptyFilter,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $result.Errors[0].Exception.Message | Should -BeLike '*Id*'
    }

    It 'keeps what the good piped objects select when others are empty' {
        $result = Invoke-Captured { [pscustomobject]@{ Port = $portA }, [pscustomobject]@{ Id = $null } | Get-LoopbackEndpoint -Listening }
        @($result.Output.LocalPort | Sort-Object -Unique) | Should -Be @($portA)
        $result.Errors.Count | Should -Be 1
    }

    It 'answers each piped object by itself, not the cross product of all ports and all ids' {
        $child = Start-NamedListener -Name 'lbt-pipe-cross'
        try {
            # Port A is ours and port child.Port is the child's: neither object describes a real socket.
            $crossed = @(
                [pscustomobject]@{ Port = $portA; Id = $child.Process.Id }
                [pscustomobject]@{ Port = $child.Port; Id = $PID }
            )
            @($crossed | Get-LoopbackEndpoint -Listening).Count | Should -Be 0
            $matching = @(
                [pscustomobject]@{ Port = $portA; Id = $PID }
                [pscustomobject]@{ Port = $child.Port; Id = $child.Process.Id }
            )
            $rows = @($matching | Get-LoopbackEndpoint -Listening)
            @($rows.LocalPort | Sort-Object) | Should -Be @(@($portA, $child.Port) | Sort-Object)
        }
        finally { Stop-ChildProcess $child.Process }
    }

    It 'takes port numbers from the pipeline by value' {
        $rows = @($portA, $portB | Get-LoopbackEndpoint -Listening)
        @($rows.LocalPort | Sort-Object -Unique) | Should -Be @(@($portA, $portB) | Sort-Object)
        $rows.ProcessId | Sort-Object -Unique | Should -Be $PID
        @("$portA" | Get-LoopbackEndpoint -Listening).LocalPort | Should -Be $portA
    }

    It 'takes Get-Process output by its Id, for a process named as the user chose' {
        # Two children with one chosen name and one with another: exactly the first two's listeners come back.
        $name = "lbt-gp$(Get-Random -Maximum 99999)"
        $one = Start-NamedListener -Name $name
        $two = Start-NamedListener -Name $name
        $other = Start-NamedListener -Name 'lbt-gp-other'
        try {
            @(Get-Process -Name $name).Count | Should -Be 2
            $rows = @(Get-Process -Name $name | Get-LoopbackEndpoint -Listening)
            @($rows.LocalPort | Sort-Object) | Should -Be @(@($one.Port, $two.Port) | Sort-Object)
            @($rows.ProcessId | Sort-Object) | Should -Be @(@($one.Process.Id, $two.Process.Id) | Sort-Object)
            $rows.ProcessName | Sort-Object -Unique | Should -Be $name
        }
        finally { Stop-ChildProcess $one.Process; Stop-ChildProcess $two.Process; Stop-ChildProcess $other.Process }
    }
}

Describe 'Watch-LoopbackEndpoint: no input watches nothing' {
    It 'ends at once for an empty pipeline instead of watching every endpoint' {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $changes = @(Get-Process -Name 'lbt-no-such-process-*' -ErrorAction SilentlyContinue |
                Watch-LoopbackEndpoint -Interval 0.2 -Duration '00:01:00')
        $clock.Stop()
        $changes.Count | Should -Be 0
        # A generous bound against a watch of the whole table, which would run its full minute.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
    }

    It 'stops with EmptyFilter when -Port is given no value' {
        { Watch-LoopbackEndpoint -Port @() -Duration 60 -ErrorAction Stop } |
            Should -Throw -ErrorId 'EmptyFilter,LoopbackTools.Commands.WatchLoopbackEndpointCommand'
    }
}

Describe 'Find-PortConflict: no input analyses nothing' {
    It 'has findings to lose: a scan reports this test''s listener in the ephemeral range' {
        $listener = New-TestTcpListener '127.0.0.1'
        try {
            $port = $listener.LocalEndpoint.Port
            $inRange = @(Get-EphemeralPortRange -Protocol Tcp | Where-Object { $port -ge $_.StartPort -and $port -le $_.EndPort }).Count -gt 0
            if ($inRange) { @(Find-PortConflict | Where-Object Port -EQ $port).Count | Should -BeGreaterThan 0 }

            @(Get-Process -Name 'lbt-no-such-process-*' -ErrorAction SilentlyContinue | Find-PortConflict).Count | Should -Be 0
            $result = Invoke-Captured { 'abc' | Find-PortConflict }
            $result.Output.Count | Should -Be 0
            $result.Errors.Count | Should -Be 1
        }
        finally { $listener.Stop() }
    }

    It 'stops with EmptyFilter when -Protocol is given no value' {
        { Find-PortConflict -Protocol @() -ErrorAction Stop } |
            Should -Throw -ErrorId 'EmptyFilter,LoopbackTools.Commands.FindPortConflictCommand'
    }
}

Describe 'Test-LocalPort, Get-PortInfo and Stop-LoopbackListener: no input does nothing' {
    It 'Test-LocalPort probes nothing for an empty pipeline or unbindable objects' {
        @(Get-Process -Name 'lbt-no-such-process-*' -ErrorAction SilentlyContinue | Test-LocalPort).Count | Should -Be 0
        $result = Invoke-Captured { 'abc' | Test-LocalPort }
        $result.Output.Count | Should -Be 0
        { Test-LocalPort -Port @() -ErrorAction Stop } | Should -Throw
    }

    It 'Get-PortInfo answers nothing for an empty pipeline, and refuses an empty -Protocol' {
        @(@() | Get-PortInfo).Count | Should -Be 0
        { Get-PortInfo -Port $portA -Protocol @() -ErrorAction Stop } |
            Should -Throw -ErrorId 'EmptyFilter,LoopbackTools.Commands.GetPortInfoCommand'
        $result = Invoke-Captured { [pscustomobject]@{ Port = $portA; Protocol = $null } | Get-PortInfo }
        $result.Output.Count | Should -Be 0
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'EmptyFilter,LoopbackTools.Commands.GetPortInfoCommand'
        # Without the property the default (TCP) still applies.
        (@([pscustomobject]@{ Port = $portA } | Get-PortInfo)).Protocol | Should -Be 'Tcp'
    }

    It 'Stop-LoopbackListener stops nothing for an empty pipeline' {
        $listener = Start-LoopbackListener
        try {
            @(Get-LoopbackListener -Id 2147483000 -ErrorAction SilentlyContinue | Stop-LoopbackListener).Count | Should -Be 0
            @() | Stop-LoopbackListener
            (Get-LoopbackListener -Id $listener.Id).IsRunning | Should -BeTrue
            { Stop-LoopbackListener -Id @() -ErrorAction Stop } | Should -Throw
            (Get-LoopbackListener -Id $listener.Id).IsRunning | Should -BeTrue
        }
        finally { $listener | Stop-LoopbackListener }
    }
}

Describe '-ProcessName: patterns, paths and completion' {
    It 'matches the executable path as well as the name' {
        $path = (Get-Process -Id $PID).Path
        $rows = @(Get-LoopbackEndpoint -Listening -ProcessName $path | Where-Object LocalPort -In $portA, $portB)
        $rows.Count | Should -Be 2
        @(Get-LoopbackEndpoint -Listening -ProcessName "$([IO.Path]::GetDirectoryName($path))/*" | Where-Object LocalPort -EQ $portA).Count |
            Should -Be 1
        @(Get-LoopbackEndpoint -Listening -ProcessName '/nonexistent/dir/*' | Where-Object LocalPort -EQ $portA).Count | Should -Be 0
    }

    It 'refuses a malformed pattern with InvalidProcessNamePattern' {
        $result = Invoke-Captured { Get-LoopbackEndpoint -ProcessName '[' }
        $result.Output.Count | Should -Be 0
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'InvalidProcessNamePattern,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $result.Errors[0].TargetObject | Should -Be '['
    }

    It 'completes -ProcessName with the names of running processes' {
        # Linux keeps 15 characters of a process name.
        $name = "lbtc$(Get-Random -Minimum 10000 -Maximum 99999)"
        $child = Start-NamedListener -Name $name
        try {
            foreach ($command in 'Get-LoopbackEndpoint', 'Watch-LoopbackEndpoint') {
                $line = "$command -ProcessName lbtc"
                $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                $found.CompletionText | Should -Contain $name
                @($found.CompletionText | Where-Object { $_ -notlike 'lbtc*' }).Count | Should -Be 0
            }
        }
        finally { Stop-ChildProcess $child.Process }
    }

    It 'completes a listener -Id with the listeners of this session' {
        $listener = Start-LoopbackListener
        try {
            foreach ($command in 'Get-LoopbackListener', 'Stop-LoopbackListener') {
                $line = "$command -Id "
                $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                $found.CompletionText | Should -Contain "$($listener.Id)"
                ($found | Where-Object CompletionText -EQ "$($listener.Id)").ToolTip | Should -BeLike "*$($listener.Port)*"
            }
        }
        finally { $listener | Stop-LoopbackListener }
    }
}
