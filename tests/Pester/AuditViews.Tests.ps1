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

    It 'keeps the raw text in the properties, for scripts' {
        $finding.ProcessName | Should -Be "$Esc[2J$Esc[31mevil"
        $finding.Message.Contains($Esc) | Should -BeTrue
        $finding.Endpoint.CommandLine.Contains("$Esc[2J$Esc[31m") | Should -BeTrue
        $change.ProcessName | Should -Be "$Esc[2J$Esc[31mevil"
    }

    It 'shows <Object> in a <View> view with \x1b and no raw escape' -TestCases @(
        @{ Object = 'an AuditFinding'; Var = 'finding'; View = 'table' }
        @{ Object = 'an AuditFinding'; Var = 'finding'; View = 'list' }
        @{ Object = 'an EndpointChange'; Var = 'change'; View = 'table' }
        @{ Object = 'an EndpointChange'; Var = 'change'; View = 'list' }
    ) {
        $value = Get-Variable $Var -ValueOnly
        $text = if ($View -eq 'table') { $value | Format-Table | Out-String -Width 200 } else { $value | Format-List | Out-String -Width 200 }
        # Tables wrap narrow columns, so only the start of the escaped name is sure to sit on one line.
        $text | Should -Match ([regex]::Escape('\x1b[2J\x1b[31m'))
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

Describe 'Audit table views' {
    BeforeAll {
        $script:l = Open-CatalogueListener '0.0.0.0'
        $script:f = Invoke-LoopbackAudit -Rule SensitiveServiceExposed | Where-Object LocalPort -EQ $l.LocalEndpoint.Port
        $script:c = Compare-LoopbackBaseline -Baseline @() -AllowEmptyBaseline -Current (Get-LoopbackEndpoint -Listening -Port $l.LocalEndpoint.Port)
    }
    AfterAll { $l.Stop() }

    It 'fit 120 columns: <Name>' -TestCases @(@{ Name = 'AuditFinding'; Var = 'f'; Header = '^Severity\s+Rule\s+Endpoint\s+ProcessName\s+Message' }, @{ Name = 'EndpointChange'; Var = 'c'; Header = '^Time\s+Change\s+Proto\s+LocalEndpoint\s+RemoteEndpoint\s+PID\s+ProcessName\s+Detail' }) {
        $lines = Get-Variable $Var -ValueOnly | Format-Table | Out-String -Width 400 -Stream | Where-Object { $_.Trim() }
        $lines[0] | Should -Match $Header
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }

    It 'wraps the whole message instead of cutting it' {
        $text = ($f | Format-Table | Out-String -Width 400) -replace '\s+', ' '
        $text | Should -Match 'TLS\.|hours\.|host\.|data\.|itself\.|topic\.|set\.|default\.|code\.|in\.|writable\.'
    }
}
