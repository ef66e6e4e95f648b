BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force
    # Rules over listeners only: the whole-table read of EphemeralPressure is tested on its own below.
    $script:ListenerRules = 'SensitiveServiceExposed', 'ExposedListener', 'UnownedListener'
}

Describe 'Invoke-LoopbackAudit on a catalogue port' {
    It 'reports a listener on 0.0.0.0 on a catalogue port as SensitiveServiceExposed (High), owned by this process' {
        $listener = Open-CatalogueListener '0.0.0.0'
        try {
            $port = $listener.LocalEndpoint.Port
            $mine = @(Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object { $_.LocalPort -eq $port -and $_.LocalAddress -eq '0.0.0.0' })
            $mine.Count | Should -Be 1
            $mine[0].Rule | Should -Be 'SensitiveServiceExposed'
            $mine[0].Severity | Should -Be 'High'
            $mine[0].Protocol | Should -Be 'Tcp'
            $mine[0].ProcessId | Should -Be $PID
            $mine[0].Message | Should -Match "0\.0\.0\.0:$port"
            $mine[0].Remedy | Should -Match '127\.0\.0\.1'
            $mine[0].Endpoint | Should -BeOfType ([LoopbackTools.Endpoint])
            $mine[0].Endpoint.LocalPort | Should -Be $port
            $mine[0].pstypenames[0] | Should -Be 'LoopbackTools.AuditFinding'
        }
        finally { $listener.Stop() }
    }

    It 'reports nothing for the same port on 127.0.0.1' {
        $listener = Open-CatalogueListener '127.0.0.1'
        try {
            $port = $listener.LocalEndpoint.Port
            @(Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object LocalPort -EQ $port).Count | Should -Be 0
        }
        finally { $listener.Stop() }
    }
}

Describe 'Invoke-LoopbackAudit rules that look at the owner' {
    It 'reports a python process on 0.0.0.0:5678 as the Python debugger, and a non-python listener there only as ExposedListener' {
        if (-not (Test-PortFree 5678)) { Set-ItResult -Skipped -Because 'port 5678 is taken on this machine'; return }
        $child = Start-NamedListener -Address '0.0.0.0' -Port 5678
        try {
            $finding = @(Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object LocalPort -EQ 5678)
            $finding.Count | Should -Be 1
            $finding[0].Rule | Should -Be 'SensitiveServiceExposed'
            $finding[0].Message | Should -Match 'debugpy'
            $finding[0].ProcessId | Should -Be $child.Process.Id
        }
        finally { Stop-ChildProcess $child.Process }

        $listener = New-TestTcpListener '0.0.0.0' 5678
        try {
            $finding = @(Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object LocalPort -EQ 5678)
            $finding.Count | Should -Be 1
            $finding[0].Rule | Should -Be 'ExposedListener'
            $finding[0].Severity | Should -Be 'Medium'
        }
        finally { $listener.Stop() }
    }

    It 'recognises a process named redis-server on an unusual port by its name' {
        $child = Start-NamedListener -Name 'redis-server' -Address '0.0.0.0'
        try {
            $finding = @(Invoke-LoopbackAudit -Rule SensitiveServiceExposed | Where-Object LocalPort -EQ $child.Port)
            $finding.Count | Should -Be 1
            $finding[0].ProcessName | Should -Be 'redis-server'
            $finding[0].Message | Should -Match 'Redis'
            $finding[0].Message | Should -Match 'recognised by its process'
        }
        finally { Stop-ChildProcess $child.Process }
    }

    It 'reports an exposed listener on an ordinary port as ExposedListener (Medium) and a loopback one not at all' {
        $any = New-TestTcpListener '0.0.0.0'
        $local = New-TestTcpListener '127.0.0.1'
        try {
            $findings = @(Invoke-LoopbackAudit -Rule $ListenerRules)
            $exposed = @($findings | Where-Object LocalPort -EQ $any.LocalEndpoint.Port)
            $exposed.Rule | Should -Be 'ExposedListener'
            $exposed.Severity | Should -Be 'Medium'
            @($findings | Where-Object LocalPort -EQ $local.LocalEndpoint.Port).Count | Should -Be 0
        }
        finally { $any.Stop(); $local.Stop() }
    }
}

Describe 'Invoke-LoopbackAudit selection and order' {
    BeforeAll {
        $script:sensitive = Open-CatalogueListener '0.0.0.0'
        $script:exposed = New-TestTcpListener '0.0.0.0'
        $script:ours = @($sensitive.LocalEndpoint.Port, $exposed.LocalEndpoint.Port)
    }
    AfterAll { $sensitive.Stop(); $exposed.Stop() }

    It '-MinimumSeverity High keeps only High findings' {
        $findings = @(Invoke-LoopbackAudit -Rule $ListenerRules -MinimumSeverity High)
        $findings.Count | Should -BeGreaterThan 0
        $findings.Severity | Sort-Object -Unique | Should -Be 'High'
        $findings.LocalPort | Should -Not -Contain $exposed.LocalEndpoint.Port
    }

    It '-Rule takes wildcards and -ExcludeRule removes rules' {
        @(Invoke-LoopbackAudit -Rule '*Exposed*' | Where-Object LocalPort -In $ours).Rule | Sort-Object |
            Should -Be @('ExposedListener', 'SensitiveServiceExposed')
        @(Invoke-LoopbackAudit -Rule $ListenerRules -ExcludeRule SensitiveServiceExposed | Where-Object LocalPort -In $ours).Rule |
            Should -Be @('ExposedListener', 'ExposedListener') -Because 'without its own rule a sensitive service is still an exposed listener'
    }

    It 'lists findings most severe first, and the same way on every run' {
        $first = Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object LocalPort -In $ours | ConvertTo-Csv
        $second = Invoke-LoopbackAudit -Rule $ListenerRules | Where-Object LocalPort -In $ours | ConvertTo-Csv
        $second | Should -Be $first
        $all = @(Invoke-LoopbackAudit -Rule $ListenerRules)
        $ranks = $all | ForEach-Object { [int] $_.Severity }
        $ranks | Should -Be ($ranks | Sort-Object -Descending)
    }

    It 'exports flat to CSV and JSON' {
        $finding = Invoke-LoopbackAudit -Rule SensitiveServiceExposed | Where-Object LocalPort -EQ $sensitive.LocalEndpoint.Port
        $csv = $finding | ConvertTo-Csv
        foreach ($name in 'Rule', 'Severity', 'Protocol', 'LocalAddress', 'LocalPort', 'ProcessId', 'ProcessName', 'ProcessPath',
            'Message', 'Remedy', 'Endpoint') {
            $csv[0] | Should -Match "`"$name`""
        }
        ($csv | ConvertFrom-Csv).Endpoint | Should -Be "Tcp 0.0.0.0:$($sensitive.LocalEndpoint.Port) Listen"
        ($finding | ConvertTo-Json -Depth 2 | ConvertFrom-Json).Severity | Should -Be ([int][LoopbackTools.AuditSeverity]::High)
    }

    It 'completes rule names for -Rule and -ExcludeRule from the catalogue' {
        $line = 'Invoke-LoopbackAudit -Rule Sens'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be 'SensitiveServiceExposed'
        $line = 'Invoke-LoopbackAudit -ExcludeRule '
        $names = (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText
        foreach ($rule in 'SensitiveServiceExposed', 'ExposedListener', 'UnownedListener', 'PortConflict', 'EphemeralPressure', 'ListenBacklogFull',
            'PolicyViolation', 'BaselineDrift') {
            $names | Should -Contain $rule
        }
    }

    It 'rejects an unknown rule name with UnknownAuditRule' {
        $err = { Invoke-LoopbackAudit -Rule SensitiveServiceExposd -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'UnknownAuditRule,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be 'SensitiveServiceExposd'
        $err.Exception.Message | Should -Match 'SensitiveServiceExposed'
    }

    It 'refuses a named PolicyViolation or BaselineDrift rule without its input' {
        { Invoke-LoopbackAudit -Rule PolicyViolation -ErrorAction Stop } |
            Should -Throw -ErrorId 'PolicyRequired,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        { Invoke-LoopbackAudit -Rule BaselineDrift -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineRequired,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
    }

    It 'runs every rule by default, PortConflict included' {
        $findings = @(Invoke-LoopbackAudit)
        $mine = @($findings | Where-Object LocalPort -EQ $sensitive.LocalEndpoint.Port)
        $mine.Rule | Should -Contain 'SensitiveServiceExposed'
        # The test listener on port 0 lies in the ephemeral range: Find-PortConflict's EphemeralRange note, as Info.
        $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
        if ($exposed.LocalEndpoint.Port -ge [int] $range[0] -and $exposed.LocalEndpoint.Port -le [int] $range[1]) {
            $note = @($findings | Where-Object { $_.Rule -eq 'PortConflict' -and $_.LocalPort -eq $exposed.LocalEndpoint.Port })
            $note.Count | Should -Be 1
            $note[0].Message | Should -BeLike 'EphemeralRange:*'
            $note[0].Severity | Should -Be 'Info'
        }
    }
}

Describe 'Invoke-LoopbackAudit -Policy' {
    BeforeAll {
        $script:allowed = New-TestTcpListener '127.0.0.1'
        $script:refused = New-TestTcpListener '127.0.0.1'
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-policy-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $dir
        $name = (Get-Process -Id $PID).ProcessName
        Set-Content (Join-Path $dir 'allow.psd1') @"
@{
    Description = 'test allow-list'
    Listeners = @(
        @{ Port = $($allowed.LocalEndpoint.Port); Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = '$name' }
        @{ Port = '1-20'; Description = 'far away' }
    )
}
"@
    }
    AfterAll { $allowed.Stop(); $refused.Stop(); Remove-Item $dir -Recurse -Force }

    It 'allows one listener and flags another' {
        $findings = @(Invoke-LoopbackAudit -Rule PolicyViolation -Policy (Join-Path $dir 'allow.psd1'))
        $findings.LocalPort | Should -Not -Contain $allowed.LocalEndpoint.Port
        $flagged = @($findings | Where-Object LocalPort -EQ $refused.LocalEndpoint.Port)
        $flagged.Count | Should -Be 1
        $flagged[0].Rule | Should -Be 'PolicyViolation'
        $flagged[0].Severity | Should -Be 'Low' -Because 'a loopback-only listener outside the policy is Low, an exposed one Medium'
        $flagged[0].Message | Should -Match 'no entry'
    }

    It 'says which entry came closest when the exposure is wrong' {
        $wide = New-TestTcpListener '0.0.0.0'
        $path = Join-Path $dir 'wide.json'
        Set-Content $path "{ `"Listeners`": [ { `"Port`": $($wide.LocalEndpoint.Port), `"Exposure`": `"LoopbackOnly`" } ] }"
        try {
            $flagged = @(Invoke-LoopbackAudit -Rule PolicyViolation -Policy $path | Where-Object LocalPort -EQ $wide.LocalEndpoint.Port)
            $flagged.Count | Should -Be 1
            $flagged[0].Severity | Should -Be 'Medium'
            $flagged[0].Message | Should -Match 'line 1 .* allows exposure LoopbackOnly, not AllInterfaces'
        }
        finally { $wide.Stop() }
    }

    It 'stops before reading the table when the policy is malformed, naming file, line and key' {
        $path = Join-Path $dir 'typo.psd1'
        Set-Content $path "@{`n    Listeners = @(`n        @{ Port = 22; Protocl = 'Tcp' }`n    )`n}"
        $output = $null
        $err = { $script:output = Invoke-LoopbackAudit -Policy $path -ErrorAction Stop } | Should -Throw -PassThru
        $script:output | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'PolicyUnknownKey,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $err.TargetObject | Should -Be $path
        $err.Exception.Message | Should -BeLike "*'$path', line 3, Listeners``[0``].Protocl: unknown key 'Protocl'. Did you mean 'Protocol'?*"
    }

    It 'takes -Policy as a pattern of one file and -LiteralPolicy as written' {
        $odd = Join-Path $dir 'odd[1].psd1'
        Set-Content -LiteralPath $odd "@{ Listeners = @( @{ Port = $($refused.LocalEndpoint.Port) } ) }"
        $findings = @(Invoke-LoopbackAudit -Rule PolicyViolation -LiteralPolicy $odd)
        $findings.LocalPort | Should -Not -Contain $refused.LocalEndpoint.Port
        $findings = @(Invoke-LoopbackAudit -Rule PolicyViolation -Policy (Join-Path $dir 'allo?.psd1'))
        $findings.LocalPort | Should -Contain $refused.LocalEndpoint.Port
    }

    It 'refuses a -Policy pattern that matches several files, and -Policy with -LiteralPolicy, as PolicyPathAmbiguous' {
        Set-Content (Join-Path $dir 'second.psd1') '@{ Listeners = @( @{ Port = 22 } ) }'
        $err = { Invoke-LoopbackAudit -Policy (Join-Path $dir '*.psd1') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'PolicyPathAmbiguous,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $err.Exception.Message | Should -Match 'matches \d+ files'
        $err = { Invoke-LoopbackAudit -Policy (Join-Path $dir 'allow.psd1') -LiteralPolicy (Join-Path $dir 'second.psd1') -ErrorAction Stop } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'PolicyPathAmbiguous,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $err = { Invoke-LoopbackAudit -Policy $dir -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'PolicyIsDirectory,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
    }

    It 'matches a path entry against the symlink a server was started by, and names the paths it compared' -Skip:(-not $IsLinux) {
        # Debian's /usr/bin/redis-server is a symlink to redis-check-rdb: the kernel names the target, the admin the link.
        # python3 may be a shim script (pyenv): link to the interpreter binary itself.
        $real = & readlink -f (& python3 -c 'import sys; print(sys.executable)')
        $linkDir = Join-Path ([IO.Path]::GetTempPath()) "lbt-symlink-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $linkDir
        $linkDir = (& readlink -f $linkDir)
        $link = Join-Path $linkDir 'cache-server'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $real
        $psi = [System.Diagnostics.ProcessStartInfo]::new($link)
        $psi.ArgumentList.Add('-c')
        $psi.ArgumentList.Add("import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); " +
            'print(s.getsockname()[1], flush=True); time.sleep(120) # lbt-test')
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $server = [System.Diagnostics.Process]::Start($psi)
        try {
            $line = $server.StandardOutput.ReadLineAsync()
            if (-not $line.Wait(30000)) { throw 'the symlinked server did not report its port within 30 s' }
            $port = [int] $line.Result
            $port | Should -BeGreaterThan 0
            $allowed = Join-Path $linkDir 'allowed.psd1'
            Set-Content $allowed "@{ Listeners = @( @{ Port = $port; Process = '$link' } ) }"
            @(Invoke-LoopbackAudit -Rule PolicyViolation -Policy $allowed | Where-Object LocalPort -EQ $port) | Should -BeNullOrEmpty

            $other = Join-Path $linkDir 'other.psd1'
            Set-Content $other "@{ Listeners = @( @{ Port = $port; Process = '/usr/sbin/cache-server' } ) }"
            $flagged = @(Invoke-LoopbackAudit -Rule PolicyViolation -Policy $other | Where-Object LocalPort -EQ $port)
            $flagged.Count | Should -Be 1
            $flagged[0].Message | Should -BeLike "*allows process /usr/sbin/cache-server, not the executable $real (started as $link)*"
        }
        finally {
            Stop-ChildProcess $server
            Remove-Item -LiteralPath $linkDir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Invoke-LoopbackAudit -Baseline' {
    It 'reports a listener that is new since the baseline as BaselineDrift' {
        $baseline = Get-LoopbackEndpoint -Listening
        $new = New-TestTcpListener '0.0.0.0'
        try {
            $drift = @(Invoke-LoopbackAudit -Rule BaselineDrift -Baseline $baseline | Where-Object LocalPort -EQ $new.LocalEndpoint.Port)
            $drift.Count | Should -Be 1
            $drift[0].Severity | Should -Be 'Medium'
            $drift[0].Message | Should -BeLike 'New since the baseline*'
            $drift[0].Endpoint.LocalPort | Should -Be $new.LocalEndpoint.Port
        }
        finally { $new.Stop() }
    }

    It 'reads a baseline file with -BaselinePath' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-base-$([guid]::NewGuid()).csv"
        $old = New-TestTcpListener '127.0.0.1'
        try {
            Get-LoopbackEndpoint -Listening | Export-Csv $file
            $port = $old.LocalEndpoint.Port
            $old.Stop()
            $gone = @(Invoke-LoopbackAudit -Rule BaselineDrift -BaselinePath $file | Where-Object LocalPort -EQ $port)
            $gone.Count | Should -Be 1
            $gone[0].Severity | Should -Be 'Info'
            $gone[0].Message | Should -BeLike 'Gone since the baseline*'
            $gone[0].Endpoint | Should -BeNullOrEmpty
        }
        finally { $old.Stop(); Remove-Item $file -ErrorAction SilentlyContinue }
    }
}

Describe 'Invoke-LoopbackAudit EphemeralPressure in a network namespace of its own' {
    It 'reports a destination holding more than 80% of a narrowed ephemeral range' {
        if (-not (Get-Command unshare -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'unshare is not installed'; return }
        # A private network namespace: its own loopback and its own ip_local_port_range, narrowed to 10 ports,
        # 9 of which the child's connections take (90%). Nothing leaves the namespace.
        $script = Join-Path ([IO.Path]::GetTempPath()) "lbt-pressure-$([guid]::NewGuid()).ps1"
        Set-Content $script @'
$ErrorActionPreference = 'Stop'
Import-Module $env:LOOPBACKTOOLS_MODULE
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 5000); $listener.Start()
$clients = foreach ($i in 1..9) {
    $c = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork); $c.Connect('127.0.0.1', 5000); $c
}
Invoke-LoopbackAudit -Rule EphemeralPressure -NetworkNamespace Current |
    Select-Object Rule, Severity, LocalAddress, Message | ConvertTo-Json -Compress -AsArray
'@
        try {
            $pwshDll = Join-Path $PSHOME 'pwsh.dll'
            $setup = 'ip link set lo up && echo "40000 40009" > /proc/sys/net/ipv4/ip_local_port_range && exec "$0" "$@"'
            $json = & unshare -n -- sh -c $setup (Get-Process -Id $PID).Path $pwshDll -NoProfile -NonInteractive -File $script
            $LASTEXITCODE | Should -Be 0
            $findings = @($json | ConvertFrom-Json)
            $findings.Count | Should -Be 1
            $findings[0].Rule | Should -Be 'EphemeralPressure'
            $findings[0].Severity | Should -Be ([int][LoopbackTools.AuditSeverity]::Medium)
            $findings[0].Message | Should -Match 'to 127\.0\.0\.1:5000 hold 90\.0% of the 10 automatic local ports'
        }
        finally { Remove-Item $script -ErrorAction SilentlyContinue }
    }
}

Describe 'Invoke-LoopbackAudit ListenBacklogFull' {
    It 'reports a listener that never accepts once clients fill its backlog' {
        $listener = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $listener.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $listener.Listen(2)
        $port = $listener.LocalEndPoint.Port
        # Non-blocking connects: the kernel completes backlog + 1 of them into the accept queue and drops the rest.
        $clients = foreach ($i in 1..6) {
            $c = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
            $c.Blocking = $false
            try { $c.Connect('127.0.0.1', $port) } catch [System.Net.Sockets.SocketException] { }
            $c
        }
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            do { $row = Get-LoopbackEndpoint -Port $port -Listening -NoOwner } until ($row.ReceiveQueue -ge 3 -or [DateTime]::UtcNow -gt $deadline)
            $row.ReceiveQueue | Should -Be 3
            $row.SendQueue | Should -Be 2
            $finding = @(Invoke-LoopbackAudit -Rule ListenBacklogFull | Where-Object LocalPort -EQ $port)
            $finding.Count | Should -Be 1
            $finding[0].Severity | Should -Be 'Medium'
            $finding[0].ProcessId | Should -Be $PID
            $finding[0].Message | Should -Match '3 connections waiting to be accepted, 150 % of its backlog of 2'
        }
        finally {
            $clients | ForEach-Object { $_.LingerState = [System.Net.Sockets.LingerOption]::new($true, 0); $_.Dispose() }
            $listener.Dispose()
        }
    }
}
