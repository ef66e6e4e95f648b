<#
    The read and audit cmdlets over real PowerShell remoting (-Session): a fleet of three hosts on this machine
    (tests/Lab/FleetLab.psm1: network namespaces behind a bridge, each with its own sshd whose powershell subsystem is
    pwsh, and its own listeners). No mocks: every call crosses ssh into another network namespace.

    Each lab host i listens on 0.0.0.0:(24000 + i) and, with a full accept queue, on 127.0.0.1:(25000 + i); its sshd
    listens on its own address, port 22. Host 3 also offers a PowerShell without LoopbackTools and one with another
    version of it. Rows are checked by .ComputerName, which is the name each session connected to.
#>

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../Lab/FleetLab.psm1') -Force

    $script:lab = New-FleetLab -HostCount 3 -ModulePath $env:LOOPBACKTOOLS_MODULE
    $h = $lab.Hosts
    # Every session of the file in one parallel call: each host with the module, and host 3 also without it and with
    # another version (each kind is its own sshd subsystem there).
    $script:opened = @(New-FleetSession -Lab $lab -Hosts $h[0], $h[1], $h[2], $h[2], $h[2], $h[0] `
        -Mode module, module, module, none, old, noptrace)
    $bySubsystem = $opened | Group-Object { $_.Runspace.ConnectionInfo.Subsystem } -AsHashTable
    $script:Sessions = @($bySubsystem['powershell'] | Sort-Object { $lab.Hosts.Name.IndexOf($_.ComputerName) })
    $script:NoModule = $bySubsystem['powershell-nomodule'][0]
    $script:OldModule = $bySubsystem['powershell-oldmodule'][0]
    $script:NoPtrace = $bySubsystem['powershell-noptrace'][0]
    $script:Names = @($Sessions.ComputerName)
    $script:Version = (Get-Module LoopbackTools).Version.ToString()

    # The first call of a session imports the module there; later calls are warm.
    $null = Get-EphemeralPortRange -Session $Sessions

    function script:Get-HostPorts([int] $Index) { @($lab.Hosts[$Index].ExposedPort, $lab.Hosts[$Index].SilentPort) }

    # One record per host, routed to it by its ComputerName, for that host's silent port (a probe of it waits out -TimeoutMs).
    function script:Get-SilentRecords([object[]] $For = $Sessions) {
        foreach ($s in $For) {
            $index = $lab.Hosts.Name.IndexOf($s.ComputerName)
            [pscustomobject]@{ ComputerName = $s.ComputerName; Port = $lab.Hosts[$index].SilentPort }
        }
    }
}

AfterAll {
    if ($script:opened) { $opened | Remove-PSSession -ErrorAction SilentlyContinue }
    if ($script:lab) { Remove-FleetLab $lab }
}

Describe 'Get-LoopbackEndpoint -Session' {
    It 'reports each host''s own listeners under its name, and never another host''s' {
        $rows = @(Get-LoopbackEndpoint -Session $Sessions -Listening)
        @($rows.ComputerName | Sort-Object -Unique) | Should -Be @($Names | Sort-Object)
        for ($i = 0; $i -lt 3; $i++) {
            $mine = @($rows | Where-Object ComputerName -EQ $Names[$i])
            $ports = @($mine.LocalPort)
            $ports | Should -Contain $lab.Hosts[$i].ExposedPort
            $ports | Should -Contain $lab.Hosts[$i].SilentPort
            foreach ($j in 0..2 | Where-Object { $_ -ne $i }) {
                foreach ($other in Get-HostPorts $j) {
                    $ports | Should -Not -Contain $other -Because "$($Names[$i]) must not show $($Names[$j])'s port"
                }
            }
            ($mine | Where-Object LocalPort -EQ $lab.Hosts[$i].ExposedPort).ProcessId | Should -Be $lab.Hosts[$i].Listener.Pid
        }
    }

    It 'applies every filter on each host as it does locally' {
        $rows = @(Get-LoopbackEndpoint -Session $Sessions -Port $lab.Hosts[0].ExposedPort, $lab.Hosts[1].SilentPort -Protocol Tcp -State Listen `
                -AddressFamily IPv4 -ProcessName 'python*')
        @($rows | ForEach-Object { "$($_.ComputerName):$($_.LocalPort)" } | Sort-Object) |
            Should -Be @("$($Names[0]):$($lab.Hosts[0].ExposedPort)", "$($Names[1]):$($lab.Hosts[1].SilentPort)" | Sort-Object)
        @(Get-LoopbackEndpoint -Session $Sessions -Listening -ProcessName 'no-such-process').Count | Should -Be 0
        # The established filler connection of each host's full queue, found by its remote port.
        $filler = @(Get-LoopbackEndpoint -Session $Sessions -RemotePort $lab.Hosts[2].SilentPort -State Established)
        $filler.ComputerName | Should -Be $Names[2]
    }

    It 'sends piped records to every host as piped input' {
        $rows = @([pscustomobject]@{ Port = $lab.Hosts[2].ExposedPort }, [pscustomobject]@{ LocalPort = $lab.Hosts[0].ExposedPort } |
                Get-LoopbackEndpoint -Session $Sessions -Listening)
        @($rows | ForEach-Object { "$($_.ComputerName):$($_.LocalPort)" } | Sort-Object) |
            Should -Be @("$($Names[0]):$($lab.Hosts[0].ExposedPort)", "$($Names[2]):$($lab.Hosts[2].ExposedPort)" | Sort-Object)
    }

    It 'selects nothing on any host from an empty pipeline, and refuses an empty filter before asking a host' {
        @(@() | Get-LoopbackEndpoint -Session $Sessions).Count | Should -Be 0
        @(@() | Find-PortConflict -Session $Sessions).Count | Should -Be 0
        $err = { Get-LoopbackEndpoint -Session $Sessions -Port @() -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'EmptyFilter,*'
        $Sessions | ForEach-Object { $_.Runspace.RunspaceAvailability | Should -Be 'Available' }
    }

    It 'asks no host for an empty -Session, and each host once for a session given twice' {
        @(Get-LoopbackEndpoint -Session @() -Listening).Count | Should -Be 0
        $rows = @(Get-LoopbackEndpoint -Session $Sessions[0], $Sessions[0] -Listening -Port $lab.Hosts[0].ExposedPort)
        $rows.Count | Should -Be 1
    }
}

Describe 'Objects from remote hosts' {
    BeforeAll {
        $script:remote = @(Get-LoopbackEndpoint -Session $Sessions -Listening)
    }

    It 'keep the module''s views under their deserialized type names' {
        $remote[0].pstypenames[0] | Should -Be 'Deserialized.LoopbackTools.Endpoint'
        $text = $remote | Format-Table | Out-String -Width 200
        $text | Should -Match 'LocalEndpoint'
        $text | Should -Match ([regex]::Escape("0.0.0.0:$($lab.Hosts[1].ExposedPort)"))
        $text | Should -Not -Match 'PSComputerName|RunspaceId'
    }

    It 'name their host in the views'' group headers, within 80 columns' {
        $lines = @(($remote | Sort-Object ComputerName, LocalPort | Out-String -Width 80) -split '\r?\n')
        foreach ($name in $Names) {
            @($lines | Where-Object { $_ -match "ComputerName: $([regex]::Escape($name))\s*$" }).Count | Should -Be 1
        }
        @($lines | Where-Object Length -GT 80) | Should -BeNullOrEmpty
    }

    It 'sort and group by ComputerName' {
        $groups = @($remote | Group-Object ComputerName)
        $groups.Count | Should -Be 3
        ($remote | Sort-Object ComputerName, LocalPort)[0].ComputerName | Should -Be ($Names | Sort-Object)[0]
    }

    It 'export many hosts to one flat CSV with the columns of local rows, enums as names' {
        $csv = @($remote | ConvertTo-Csv -NoTypeInformation)
        $local = @(Get-LoopbackEndpoint -Listening -All -WarningAction SilentlyContinue | Select-Object -First 1 | ConvertTo-Csv -NoTypeInformation)
        $remoteColumns = @($csv[0] -replace '"', '' -split ',')
        $localColumns = @($local[0] -replace '"', '' -split ',')
        # Whether or not local rows carry ComputerName yet, the remote ones must, and otherwise match column for column.
        $remoteColumns | Should -Contain 'ComputerName'
        @($remoteColumns | Where-Object { $_ -ne 'ComputerName' }) | Should -Be @($localColumns | Where-Object { $_ -ne 'ComputerName' })
        $csv.Count | Should -Be ($remote.Count + 1)
        ($csv -join "`n") | Should -Not -Match 'System\.|Deserialized'
        $back = @($csv | ConvertFrom-Csv)
        @($back.ComputerName | Sort-Object -Unique) | Should -Be @($Names | Sort-Object)
        @($back.Protocol | Sort-Object -Unique) | Should -Be 'Tcp'
        @($back.State | Sort-Object -Unique) | Should -Be 'Listen'
    }

    It 'give no Id to Stop-Process: the process is on another computer' {
        $row = $remote | Where-Object LocalPort -EQ $lab.Hosts[0].ExposedPort
        $row.ProcessId | Should -Be $lab.Hosts[0].Listener.Pid
        $row.Id | Should -BeNullOrEmpty
        { $row | Stop-Process -WhatIf -ErrorAction Stop } | Should -Throw
    }
}

Describe 'A host where the cmdlet lacks rights' {
    It 'returns that host''s rows and one warning naming the host and what is missing' {
        # A listener that is not dumpable, on host 1: a root without CAP_SYS_PTRACE (the noptrace session there)
        # cannot read its /proc/<pid>/fd, so its owner stays unknown; host 2 (with all rights) has no such socket.
        $start = [Diagnostics.ProcessStartInfo]::new('ip')
        foreach ($a in 'netns', 'exec', $lab.Hosts[0].Namespace, 'python3', '-c', (
                'import ctypes, socket, sys; ctypes.CDLL(None).prctl(4, 0); s = socket.socket(); ' +
                's.bind(("0.0.0.0", 0)); s.listen(); print(s.getsockname()[1], flush=True); sys.stdin.read()')) {
            $start.ArgumentList.Add($a)
        }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $listener = [Diagnostics.Process]::Start($start)
        try {
            $port = [int] $listener.StandardOutput.ReadLine()
            $warnings = $null
            $rows = @(Get-LoopbackEndpoint -Session $NoPtrace, $Sessions[1] -Port $port -WarningVariable warnings `
                -WarningAction SilentlyContinue)
            $rows.Count | Should -Be 1
            $rows[0].ComputerName | Should -Be $Names[0]
            $rows[0].ProcessId | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "$($Names[0]): *"
            $warnings[0].Message | Should -Match 'permission denied'
        }
        finally {
            # Its end of stdin closed: the listener exits by itself (it was started here; no kill by name).
            $listener.StandardInput.Close()
            if (-not $listener.WaitForExit(10000)) { $listener.Kill() }
            $listener.Dispose()
        }
    }
}

Describe 'The other read cmdlets with -Session' {
    It 'Get-EphemeralPortRange and Get-ReservedPortRange answer for each host' {
        $ranges = @(Get-EphemeralPortRange -Session $Sessions -Protocol Tcp)
        $ranges.Count | Should -Be 3
        @($ranges.ComputerName | Sort-Object) | Should -Be @($Names | Sort-Object)
        $ranges[0].pstypenames[0] | Should -Be 'Deserialized.LoopbackTools.PortRange'
        $ranges | ForEach-Object { $_.Kind | Should -Be 'Ephemeral' }
        $reserved = @(Get-ReservedPortRange -Session $Sessions -Protocol Udp)
        @($reserved.ComputerName | Sort-Object -Unique) | Should -Be @($Names | Sort-Object)
        $reserved | ForEach-Object { $_.Protocol | Should -Be 'Udp' }
    }

    It 'Get-EphemeralPortUsage -Summary answers for each host' {
        $summary = @(Get-EphemeralPortUsage -Session $Sessions -Summary -Protocol Tcp)
        @($summary.ComputerName | Sort-Object) | Should -Be @($Names | Sort-Object)
    }

    It 'Find-PortConflict finds the port in use on the host that uses it only' {
        $port = $lab.Hosts[1].ExposedPort
        $conflicts = @(Find-PortConflict -Session $Sessions -Port $port | Where-Object Kind -EQ 'InUse')
        $conflicts.ComputerName | Should -Be $Names[1]
        $conflicts.Port | Should -Be $port
    }
}

Describe 'Test-LocalPort -Session' {
    It 'probes each host''s own ports, never across the network' {
        $port = $lab.Hosts[1].ExposedPort
        $results = @(Test-LocalPort -Session $Sessions -Port $port -ComputerName 127.0.0.1)
        @($results | Where-Object IsOpen).ComputerName | Should -Be $Names[1]
        @($results | Where-Object { -not $_.IsOpen }).Status | Sort-Object -Unique | Should -Be 'Refused'

        # Host 2's own address is a name of host 2 only: the others refuse it instead of probing across the bridge.
        $err = $null
        $results = @(Test-LocalPort -Session $Sessions -Port $port -ComputerName $Names[1] -ErrorVariable err -ErrorAction SilentlyContinue)
        $results.ComputerName | Should -Be $Names[1]
        $results.Status | Should -Be 'Open'
        $err.Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'ComputerNameNotLocal,LoopbackTools.Commands.TestLocalPortCommand' }
        $err | ForEach-Object { $_.TargetObject | Should -Be $Names[1] }
        @($err | ForEach-Object { ($_.ToString() -split ':')[0] } | Sort-Object) | Should -Be @($Names[0], $Names[2] | Sort-Object)
    }

    It 'streams each host''s results as they arrive' {
        # Host 1 answers at once (an open port); host 2 waits out -TimeoutMs on its full accept queue.
        $records = [pscustomobject]@{ ComputerName = $Names[0]; Port = $lab.Hosts[0].ExposedPort },
            [pscustomobject]@{ ComputerName = $Names[1]; Port = $lab.Hosts[1].SilentPort }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $arrivals = @($records | Test-LocalPort -Session $Sessions[0], $Sessions[1] -TimeoutMs 4000 -WarningAction SilentlyContinue |
                ForEach-Object { [pscustomobject]@{ Host = $_.ComputerName; Status = $_.Status; At = $clock.Elapsed.TotalSeconds } })
        $fast = @($arrivals | Where-Object Host -EQ $Names[0])
        $slow = @($arrivals | Where-Object { $_.Host -eq $Names[1] -and $_.Status -eq 'TimedOut' })
        $fast.Count | Should -Be 2
        $slow.Count | Should -Be 1
        # Host 1's results were written while host 2 was still waiting, not all together at the end.
        $slow[0].At - ($fast.At | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 2
    }

    It 'asks the hosts in parallel, and one at a time with -ThrottleLimit 1' {
        $timeout = 2500
        $sequential = 3 * $timeout / 1000
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $parallel = @(Get-SilentRecords | Test-LocalPort -Session $Sessions -TimeoutMs $timeout -WarningAction SilentlyContinue)
        $inParallel = $clock.Elapsed.TotalSeconds
        $clock.Restart()
        $oneByOne = @(Get-SilentRecords | Test-LocalPort -Session $Sessions -TimeoutMs $timeout -ThrottleLimit 1 -WarningAction SilentlyContinue)
        $inSequence = $clock.Elapsed.TotalSeconds
        foreach ($run in $parallel, $oneByOne) {
            @($run | Where-Object Status -EQ 'TimedOut').ComputerName | Sort-Object | Should -Be @($Names | Sort-Object)
        }
        # Three hosts each waiting 2.5 s: one at a time cannot take less than their sum; at once must.
        $inSequence | Should -BeGreaterOrEqual $sequential
        $inParallel | Should -BeLessThan $sequential
    }

    It 'stops every host on Ctrl+C' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript('param($m, $s, $r) Import-Module $m; $r | Test-LocalPort -Session $s -TimeoutMs 60000').
                AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($Sessions).AddArgument(@(Get-SilentRecords))
            $null = $shell.BeginInvoke()
            # Wait until every host is running its probe (each session busy), then press Ctrl+C.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (@($Sessions | Where-Object { $_.Runspace.RunspaceAvailability -eq 'Busy' }).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            @($Sessions | Where-Object { $_.Runspace.RunspaceAvailability -eq 'Busy' }).Count | Should -Be 3
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # Stopped there too: every session is free again long before the 60 s probes would have ended.
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while (@($Sessions | Where-Object { $_.Runspace.RunspaceAvailability -ne 'Available' }).Count -gt 0 -and
                [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $Sessions | ForEach-Object { $_.Runspace.RunspaceAvailability | Should -Be 'Available' }
            @(Get-EphemeralPortRange -Session $Sessions -Protocol Tcp).Count | Should -Be 3
        }
        finally { $shell.Dispose() }
    }
}

Describe 'Invoke-LoopbackAudit -Session' {
    It 'returns findings from every host, each about its own listeners' {
        # The lab's hosts are namespaces of one machine: as root an audit would read all of them by default.
        $findings = @(Invoke-LoopbackAudit -Session $Sessions -Rule ExposedListener -NetworkNamespace Current)
        for ($i = 0; $i -lt 3; $i++) {
            $mine = @($findings | Where-Object ComputerName -EQ $Names[$i])
            $mine.LocalPort | Should -Contain $lab.Hosts[$i].ExposedPort
            # Each host's sshd listens on the host's own address: exposed too, and on that host only.
            @($mine | Where-Object LocalPort -EQ 22).LocalAddress | Should -Be $Names[$i]
        }
        $findings[0].pstypenames[0] | Should -Be 'Deserialized.LoopbackTools.AuditFinding'
    }

    It 'reads the policy here and sends it to every host (a path only this session knows)' {
        $allowed = $lab.Hosts[0].ExposedPort
        Set-Content TestDrive:/allow.psd1 "@{ Listeners = @( @{ Port = 22; Protocol = 'Tcp' }, @{ Port = $allowed; Protocol = 'Tcp' } ) }"
        $findings = @(Invoke-LoopbackAudit -Session $Sessions -Rule PolicyViolation -Policy TestDrive:/allow.psd1 -NetworkNamespace Current)
        @($findings | ForEach-Object { "$($_.ComputerName):$($_.LocalPort)" } | Sort-Object) | Should -Be @(
            for ($i = 0; $i -lt 3; $i++) {
                if ($i -ne 0) { "$($Names[$i]):$($lab.Hosts[$i].ExposedPort)" }
                "$($Names[$i]):$($lab.Hosts[$i].SilentPort)"
            }) | Sort-Object

        # -LiteralPolicy, a name that would be a pattern, and -Policy as a pattern naming one file: the same findings.
        Copy-Item -LiteralPath (Convert-Path TestDrive:/allow.psd1) -Destination (Join-Path (Convert-Path TestDrive:/) 'allow[1].psd1')
        $own = @{ Session = $Sessions; Rule = 'PolicyViolation'; NetworkNamespace = 'Current' }
        $literal = @(Invoke-LoopbackAudit @own -LiteralPolicy 'TestDrive:/allow[1].psd1')
        $pattern = @(Invoke-LoopbackAudit @own -Policy 'TestDrive:/allow.ps?1')
        foreach ($other in $literal, $pattern) {
            @($other | ForEach-Object { "$($_.ComputerName):$($_.LocalPort)" } | Sort-Object) |
                Should -Be @($findings | ForEach-Object { "$($_.ComputerName):$($_.LocalPort)" } | Sort-Object)
        }
    }

    It 'stops before asking any host when the policy is bad' {
        Set-Content TestDrive:/bad.psd1 "@{ Listeners = @( @{ Port = 70000 } ) }"
        { Invoke-LoopbackAudit -Session $Sessions -Policy TestDrive:/bad.psd1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'PolicyInvalidPort,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        { Invoke-LoopbackAudit -Session $Sessions -Policy 'TestDrive:/*.psd1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PolicyPathAmbiguous,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $Sessions | ForEach-Object { $_.Runspace.RunspaceAvailability | Should -Be 'Available' }
    }
}

Describe 'Baselines of several hosts' {
    BeforeAll {
        $script:two = $Sessions[0], $Sessions[1]
        $script:baseline = @(Get-LoopbackEndpoint -Session $two -Listening)
    }

    It 'round-trips across two hosts: each host compared with its own rows, from objects and from a CSV file' {
        @(Compare-LoopbackBaseline -Session $two -Baseline $baseline).Count | Should -Be 0
        # Files are read here by the module's own readers; each row still goes to the host it names.
        $baseline | Export-Csv TestDrive:/fleet.csv -NoTypeInformation
        $baseline | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath TestDrive:/fleet.json
        $baseline | Export-Clixml -LiteralPath TestDrive:/fleet.xml
        @(Compare-LoopbackBaseline -Session $two -Path TestDrive:/fleet.csv).Count | Should -Be 0
        @(Compare-LoopbackBaseline -Session $two -LiteralPath TestDrive:/fleet.json).Count | Should -Be 0
        @(Compare-LoopbackBaseline -Session $two -Path TestDrive:/fleet.xml).Count | Should -Be 0

        # Host 1 without its exposed listener, and a listener host 2 no longer has.
        $edited = @($baseline | Where-Object { -not ($_.ComputerName -eq $Names[0] -and $_.LocalPort -eq $lab.Hosts[0].ExposedPort) })
        $gone = ($baseline | Where-Object { $_.ComputerName -eq $Names[1] -and $_.LocalPort -eq $lab.Hosts[1].ExposedPort }) |
            Select-Object * | ForEach-Object { $_.LocalPort = 29999; $_ }
        $changes = @(Compare-LoopbackBaseline -Session $two -Baseline ($edited + $gone))
        @($changes | ForEach-Object { "$($_.ComputerName) $($_.ChangeType) $($_.LocalPort)" } | Sort-Object) | Should -Be @(
            "$($Names[0]) Added $($lab.Hosts[0].ExposedPort)", "$($Names[1]) Removed 29999" | Sort-Object)

        $drift = @(Invoke-LoopbackAudit -Session $two -Rule BaselineDrift -Baseline $edited)
        $drift.ComputerName | Should -Be $Names[0]
        $drift.LocalPort | Should -Be $lab.Hosts[0].ExposedPort
        $edited | Export-Csv TestDrive:/edited.csv -NoTypeInformation
        $drift = @(Invoke-LoopbackAudit -Session $two -Rule BaselineDrift -BaselinePath TestDrive:/edited.csv)
        "$($drift.ComputerName) $($drift.LocalPort)" | Should -Be "$($Names[0]) $($lab.Hosts[0].ExposedPort)"
    }

    It 'stops before asking any host when a baseline file has a bad row, with the error a local comparison gives' {
        $rows = @(Import-Csv TestDrive:/fleet.csv)
        $rows[1].LocalPort = 'seventy'
        $rows | Export-Csv TestDrive:/bad.csv -NoTypeInformation
        $local = { Compare-LoopbackBaseline -Path TestDrive:/bad.csv -ErrorAction Stop } | Should -Throw -PassThru
        $remote = { Compare-LoopbackBaseline -Session $two -Path TestDrive:/bad.csv -ErrorAction Stop } | Should -Throw -PassThru
        $remote.FullyQualifiedErrorId | Should -Be $local.FullyQualifiedErrorId
        $remote.FullyQualifiedErrorId | Should -BeLike 'InvalidBaselineEntry,*'
        $remote.TargetObject.LocalPort | Should -Be 'seventy'
        $remote.Exception.Message | Should -Match 'row 2'
    }

    It 'skips a host the baseline has no rows for, with BaselineEmpty naming it' {
        $err = $null
        $changes = @(Compare-LoopbackBaseline -Session $Sessions -Baseline $baseline -ErrorVariable err -ErrorAction SilentlyContinue)
        $changes.Count | Should -Be 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BaselineEmpty,*'
        $err[0].TargetObject | Should -Be $Names[2]
    }
}

Describe 'Hosts without this version of LoopbackTools' {
    It 'reports ModuleNotOnRemoteHost for a host without the module, while the others answer' {
        $err = $null
        $rows = @(Get-LoopbackEndpoint -Session $Sessions[0], $NoModule -Listening -ErrorVariable err -ErrorAction SilentlyContinue)
        @($rows.ComputerName | Sort-Object -Unique) | Should -Be $Names[0]
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ModuleNotOnRemoteHost,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotInstalled'
        $err[0].TargetObject | Should -Be $Names[2]
        $err[0].Exception.Message | Should -Match '-CopyModule'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($Version))
    }

    It 'runs there with -CopyModule and leaves nothing behind' {
        $temp = $lab.Hosts[2].Temp
        $before = @(Get-ChildItem -LiteralPath $temp -Force -Recurse | ForEach-Object FullName)
        $output = @(Get-LoopbackEndpoint -Session $NoModule -Listening -CopyModule -Verbose 4>&1)
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $rows = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $rows.ComputerName | Sort-Object -Unique | Should -Be $Names[2]
        $rows.LocalPort | Should -Contain $lab.Hosts[2].ExposedPort
        # The copy went to the host's temporary folder, and is gone with everything it held.
        @($verbose | Where-Object { $_.Message -match 'copied to' }).Count | Should -Be 1
        @(Get-ChildItem -LiteralPath $temp -Force -Recurse | ForEach-Object FullName) | Should -Be $before
        Invoke-Command -Session $NoModule { @(Get-Module LoopbackTools).Count } | Should -Be 0
    }

    It 'reports RemoteVersionMismatch with both versions for a host with another version, and copies over it' {
        $err = $null
        $rows = @(Get-LoopbackEndpoint -Session $OldModule -Listening -ErrorVariable err -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'RemoteVersionMismatch,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $err[0].TargetObject | Should -Be $Names[2]
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Get-FleetOldModuleVersion)))
        $err[0].Exception.Message | Should -Match ([regex]::Escape($Version))
        @(Get-LoopbackEndpoint -Session $OldModule -Listening -CopyModule).LocalPort | Should -Contain $lab.Hosts[2].ExposedPort
    }
}

# Last: it takes host 2 down for good.
Describe 'A host that goes down during a call' {
    It 'gives RemoteHostUnavailable naming it, with ssh''s reason, while the others answer' {
        $victim = $lab.Hosts[1]
        # Every host waits out -TimeoutMs on its own silent port; host 2's sshd (and its sessions) die a second in.
        $kill = [Diagnostics.ProcessStartInfo]::new('sh')
        $kill.ArgumentList.Add('-c')
        $kill.ArgumentList.Add((Get-FleetHostKillCommand -FleetHost $victim -DelaySeconds 1.5))
        $killer = [Diagnostics.Process]::Start($kill)
        try {
            $err = $null
            $results = @(Get-SilentRecords | Test-LocalPort -Session $Sessions -TimeoutMs 5000 -ErrorVariable err -ErrorAction SilentlyContinue)
        }
        finally { $null = $killer.WaitForExit(10000); $killer.Dispose() }
        # Host 2 streamed what it had (its refused ::1) before it went down, but never got to its timeout.
        @($results | Where-Object Status -EQ 'TimedOut').ComputerName | Sort-Object | Should -Be @($Names[0], $Names[2] | Sort-Object)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'RemoteHostUnavailable,LoopbackTools.Commands.TestLocalPortCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].TargetObject | Should -Be $Names[1]
        $err[0].Exception.Message | Should -Match 'Connection refused'

        # Its session is broken now: later calls say so at once, and the others still answer.
        $err = $null
        $rows = @(Get-EphemeralPortRange -Session $Sessions -Protocol Tcp -ErrorVariable err -ErrorAction SilentlyContinue)
        @($rows.ComputerName | Sort-Object) | Should -Be @($Names[0], $Names[2] | Sort-Object)
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be $Names[1]
    }
}

# After every other test: the lab is taken down here, and what it made is looked for.
Describe 'Taking the fleet lab down' {
    It 'leaves no namespace, link, bridge, sshd, listener, key or file behind' {
        $pids = @($lab.Hosts | ForEach-Object { $_.Sshd.Pid; $_.Listener.Pid } | Where-Object { $_ })
        $pids.Count | Should -Be 6
        $opened | Remove-PSSession -ErrorAction SilentlyContinue
        $script:opened = $null
        Remove-FleetLab $lab
        $namespaces = @(ip netns list | ForEach-Object { ($_ -split ' ')[0] })
        $links = @(ip -o link show | ForEach-Object { ($_ -split ': ')[1] -replace '@.*$', '' })
        foreach ($h in $lab.Hosts) {
            $namespaces | Should -Not -Contain $h.Namespace
            $links | Should -Not -Contain $h.Veth
        }
        $links | Should -Not -Contain $lab.Bridge
        Test-Path -LiteralPath $lab.Root | Should -BeFalse
        # A recorded PID may be reused by another engineer's process: only the same process (same start time) counts.
        foreach ($h in $lab.Hosts) {
            foreach ($record in $h.Sshd, $h.Listener) {
                $stat = try { [IO.File]::ReadAllText("/proc/$($record.Pid)/stat") } catch { $null }
                if ($stat) { [long] $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')[19] | Should -Not -Be $record.StartTicks }
            }
        }
    }
}
