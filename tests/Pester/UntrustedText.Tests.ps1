# Process names and command lines are chosen by whoever starts a process. Every text the module composes from them
# (Message, Remedy, Explanation, warnings, error messages) must show their control characters escaped (\x1b, \x0a),
# because Format-List, Write-Host and log files print those texts as they are; only the raw properties (ProcessName,
# CommandLine, ProcessPath) keep the raw text, for scripts.

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force

    # ESC[2J clears the screen; the newline would start a fake line of output. prctl names are at most 15 bytes.
    $script:RawName = "evil$([char]27)[2J`nname"
    $script:Shown = 'evil\x1b[2J\x0aname'
    $script:Control = '[\x00-\x1f\x7f-\x9f]'
    $script:evil = Start-NamedListener -Name $RawName -Address '0.0.0.0' -Argument "$([char]27)[2J`n--evil"
    $script:port = $evil.Port
    $script:warnings = [System.Collections.Generic.List[object]]::new()
}
AfterAll { Stop-ChildProcess $evil.Process }

Describe 'A real process whose name clears the screen' {
    It 'is listed with its raw name and command line in the raw properties' {
        $row = @(Get-LoopbackEndpoint -Listening -Port $port -WarningVariable +w -WarningAction SilentlyContinue)
        $warnings.AddRange(@($w))
        $row.Count | Should -Be 1
        $row[0].ProcessId | Should -Be $evil.Process.Id
        $row[0].ProcessName | Should -BeExactly $RawName
        $row[0].CommandLine | Should -Match "$([char]27)\[2J`n--evil"
    }

    It 'is escaped in every conflict message and remedy (Find-PortConflict -Port P | Format-List Message)' {
        $conflicts = @(Find-PortConflict -Port $port -WarningVariable +w -WarningAction SilentlyContinue)
        $warnings.AddRange(@($w))
        $inUse = @($conflicts | Where-Object Kind -EQ 'InUse')
        $inUse.Count | Should -Be 1
        $inUse[0].ProcessName | Should -BeExactly $RawName
        $inUse[0].Message | Should -Match ([regex]::Escape("$Shown (PID $($evil.Process.Id)) listens on 0.0.0.0:$port"))
        foreach ($c in $conflicts) {
            $c.Message | Should -Not -Match $Control
            $c.Remedy | Should -Not -Match $Control
        }
        $text = $inUse | Format-List Message | Out-String -Width 300
        $text | Should -Not -Match "$([char]27)"
        $text | Should -Match ([regex]::Escape($Shown))
    }

    It 'is escaped in the explanation (Get-PortInfo P | Format-List Explanation)' {
        $info = Get-PortInfo $port -WarningVariable +w -WarningAction SilentlyContinue
        $warnings.AddRange(@($w))
        $info.ProcessName | Should -BeExactly $RawName
        $info.Explanation | Should -Not -Match $Control
        $info.Explanation | Should -Match ([regex]::Escape("$Shown (PID $($evil.Process.Id))"))
        ($info | Format-List Explanation | Out-String -Width 300) | Should -Not -Match "$([char]27)"
    }

    It 'is escaped in audit messages and remedies, including a policy that names another process' {
        $policy = Join-Path ([IO.Path]::GetTempPath()) "lbt-policy-$([guid]::NewGuid()).psd1"
        Set-Content -Path $policy -Value "@{ Listeners = @( @{ Port = $port; Process = 'nginx' } ) }"
        try {
            $findings = @(Invoke-LoopbackAudit -Rule ExposedListener, PolicyViolation -Policy $policy -WarningVariable +w `
                    -WarningAction SilentlyContinue | Where-Object LocalPort -EQ $port)
            $warnings.AddRange(@($w))
        }
        finally { Remove-Item $policy -ErrorAction SilentlyContinue }
        ($findings.Rule | Sort-Object) | Should -Be @('ExposedListener', 'PolicyViolation')
        foreach ($f in $findings) {
            $f.ProcessName | Should -BeExactly $RawName
            $f.Message | Should -Not -Match $Control
            $f.Remedy | Should -Not -Match $Control
            $f.Message | Should -Match ([regex]::Escape($Shown))
        }
        ($findings | Where-Object Rule -EQ 'PolicyViolation').Message | Should -Match ([regex]::Escape("not the process name $Shown"))
    }

    It 'is escaped in the error that names the holder of a port' {
        $err = { Start-LoopbackListener -Address 127.0.0.1 -Port $port -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'PortInUse,*'
        $err.Exception.Message | Should -Not -Match $Control
        $err.Exception.Message | Should -Match ([regex]::Escape($Shown))
    }

    It 'never reaches a warning raw' {
        $warnings.Count | Should -BeGreaterOrEqual 0
        foreach ($w in $warnings) { $w.Message | Should -Not -Match $Control }
    }
}

Describe 'Values the caller typed, quoted in error messages' {
    It 'escapes a -ComputerName that carries control characters' {
        $err = { Test-LocalPort 80 -ComputerName "bad$([char]27)[2Jname" -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ComputerNameNotLocal,*'
        $err.Exception.Message | Should -Not -Match $Control
        $err.Exception.Message | Should -Match ([regex]::Escape('bad\x1b[2Jname'))
        $err.TargetObject | Should -BeExactly "bad$([char]27)[2Jname"
    }
}
