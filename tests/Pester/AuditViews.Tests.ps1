BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force
    $script:Esc = [char] 27
}

Describe 'Audit views with untrusted text' {
    BeforeAll {
        # A real child whose process name (prctl) and command line carry escape sequences that would clear the
        # screen and turn the rest red if printed raw. It listens on 0.0.0.0, so the audit reports it.
        $script:evil = Start-NamedListener -Name "$([char]27)[2J$([char]27)[31mevil" -Address '0.0.0.0' -Argument "$([char]27)[2J$([char]27)[31m"
        $script:finding = Invoke-LoopbackAudit -Rule ExposedListener | Where-Object LocalPort -EQ $evil.Port
        $script:change = Compare-LoopbackBaseline -Baseline @() -AllowEmptyBaseline -Current (Get-LoopbackEndpoint -Listening -Port $evil.Port)
    }
    AfterAll { Stop-ChildProcess $evil.Process }

    It 'keeps the raw text in the raw properties and escapes it in the message it composes' {
        $finding.ProcessName | Should -Be "$Esc[2J$Esc[31mevil"
        $finding.Endpoint.CommandLine.Contains("$Esc[2J$Esc[31m") | Should -BeTrue
        $change.ProcessName | Should -Be "$Esc[2J$Esc[31mevil"
        $finding.Message.Contains($Esc) | Should -BeFalse
        $finding.Message | Should -Match ([regex]::Escape('owned by \x1b[2J\x1b[31mevil'))
    }

    It 'shows <Object> in its <View> view with \x1b and no raw escape' -TestCases @(
        @{ Object = 'an AuditFinding'; Var = 'finding'; View = 'default' }
        @{ Object = 'an AuditFinding'; Var = 'finding'; View = 'table' }
        @{ Object = 'an AuditFinding'; Var = 'finding'; View = 'list' }
        @{ Object = 'an EndpointChange'; Var = 'change'; View = 'default' }
        @{ Object = 'an EndpointChange'; Var = 'change'; View = 'list' }
    ) {
        $value = Get-Variable $Var -ValueOnly
        $text = switch ($View) {
            'default' { $value | Out-String -Width 200 }
            'table' { $value | Format-Table | Out-String -Width 200 }
            'list' { $value | Format-List | Out-String -Width 200 }
        }
        # Tables wrap narrow columns, so only the start of the escaped name is sure to sit on one line.
        $text | Should -Match ([regex]::Escape('\x1b[2J'))
        $text.Contains($Esc) | Should -BeFalse
    }

    It 'keeps the escaping after Export-Clixml and Import-Clixml' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-$([guid]::NewGuid()).xml"
        try {
            $finding | Export-Clixml $file
            $back = Import-Clixml $file
            $back.pstypenames | Should -Contain 'Deserialized.LoopbackTools.AuditFinding'
            $text = $back | Format-Table | Out-String -Width 200
            $text | Should -Match 'Severity\s+Rule'
            $text.Contains($Esc) | Should -BeFalse
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }
}

Describe 'Audit views of a finding on a catalogue port' {
    BeforeAll {
        # Whichever catalogue port is free here: on a machine running redis or memcached it is another one, and the
        # assertions below read the finding object, not the catalogue's wording.
        $script:l = Open-CatalogueListener '0.0.0.0'
        $script:port = $l.LocalEndpoint.Port
        $script:f = @(Invoke-LoopbackAudit -Rule SensitiveServiceExposed | Where-Object LocalPort -EQ $port)
    }
    AfterAll { $l.Stop() }

    It 'prints the key facts on one line and the whole message below it, at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $f.Count | Should -Be 1
        $lines = @($f | Out-String -Width $Width -Stream)
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
        $first = @($lines | Where-Object { $_ -match "^$($f[0].Severity)\s" })
        $first.Count | Should -Be 1
        $first[0] | Should -Match "^$($f[0].Severity)\s+$($f[0].Rule)\s+Tcp 0\.0\.0\.0:$port\s+\S+ \(PID $PID\)"
        # Every character of the message is there, in order (only the line breaks differ).
        (($lines -join '') -replace '\s').Contains(($f[0].Message -replace '\s')) | Should -BeTrue
    }

    It 'wraps the whole message in the table too, cutting nothing' {
        $text = $f | Format-Table | Out-String -Width 80
        $text | Should -Match 'Severity\s+Rule\s+Port\s+ProcessName\s+Message'
        ($text -replace '\s').Contains(($f[0].Message -replace '\s')) | Should -BeTrue
    }
}
