BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Get-EphemeralPortRange' {
    It 'reads the kernel''s range for TCP and UDP' {
        $expected = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
        $rows = @(Get-EphemeralPortRange)
        $rows.Protocol | Should -Be @('Tcp', 'Udp')
        foreach ($r in $rows) {
            $r | Should -BeOfType ([LoopbackTools.PortRange])
            $r.StartPort | Should -Be ([int] $expected[0])
            $r.EndPort | Should -Be ([int] $expected[1])
            $r.Count | Should -Be ([int] $expected[1] - [int] $expected[0] + 1)
            $r.Kind | Should -Be 'Ephemeral'
            $r.Source | Should -Be '/proc/sys/net/ipv4/ip_local_port_range'
        }
        @(Get-EphemeralPortRange -Protocol Udp).Protocol | Should -Be 'Udp'
    }

    It 'follows a change of the range inside a network namespace' {
        $json = Invoke-PwshInNetworkNamespace -Setup 'echo "40000 40100" > /proc/sys/net/ipv4/ip_local_port_range' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
Get-EphemeralPortRange -Protocol Tcp | Select-Object StartPort, EndPort, Count | ConvertTo-Json
'@
        $r = $json | ConvertFrom-Json
        $r.StartPort | Should -Be 40000
        $r.EndPort | Should -Be 40100
        $r.Count | Should -Be 101
    }
}

Describe 'Get-ReservedPortRange' {
    It 'lists this machine''s privileged ports and reserved ports' {
        $start = [int] (Get-Content /proc/sys/net/ipv4/ip_unprivileged_port_start -Raw).Trim()
        $rows = @(Get-ReservedPortRange -Protocol Tcp)
        $privileged = @($rows | Where-Object Kind -eq 'Privileged')
        $privileged.Count | Should -Be 1
        $privileged[0].EndPort | Should -Be ($start - 1)
        $privileged[0].Source | Should -Be '/proc/sys/net/ipv4/ip_unprivileged_port_start'
        $reservedText = (Get-Content /proc/sys/net/ipv4/ip_local_reserved_ports -Raw).Trim()
        @($rows | Where-Object Kind -eq 'Reserved').Count | Should -Be $(if ($reservedText) { ($reservedText -split ',').Count } else { 0 })
    }

    It 'reads ip_local_reserved_ports set in a network namespace, for both protocols' {
        $json = Invoke-PwshInNetworkNamespace -Setup 'echo 20000-20010,30000 > /proc/sys/net/ipv4/ip_local_reserved_ports' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
@(Get-ReservedPortRange | Where-Object Kind -eq Reserved | Select-Object Protocol, StartPort, EndPort, Count, Source) | ConvertTo-Json -EnumsAsStrings
'@
        $rows = @($json | ConvertFrom-Json)
        $rows.Count | Should -Be 4
        ($rows | Where-Object Protocol -eq 'Tcp').StartPort | Should -Be @(20000, 30000)
        ($rows | Where-Object Protocol -eq 'Udp').EndPort | Should -Be @(20010, 30000)
        $rows[0].Count | Should -Be 11
        $rows[0].Source | Should -Be '/proc/sys/net/ipv4/ip_local_reserved_ports'
    }

    It 'keeps a reserved port out of the EphemeralRange finding (the kernel never hands it out)' {
        $setup = 'echo "40000 40100" > /proc/sys/net/ipv4/ip_local_port_range && echo 40050 > /proc/sys/net/ipv4/ip_local_reserved_ports'
        $json = Invoke-PwshInNetworkNamespace -Setup $setup -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
[pscustomobject]@{
    Reserved = @(Find-PortConflict -Port 40050 | ForEach-Object { "$($_.Kind)" })
    Plain = @(Find-PortConflict -Port 40051 | ForEach-Object { "$($_.Kind)" })
} | ConvertTo-Json
'@
        $r = $json | ConvertFrom-Json
        @($r.Reserved) | Should -Not -Contain 'EphemeralRange'
        @($r.Plain) | Should -Contain 'EphemeralRange'
    }
}

Describe 'Port range output' {
    It 'exports flat CSV and fits its table in 120 columns' {
        $csv = @(Get-EphemeralPortRange; Get-ReservedPortRange) | ConvertTo-Csv -NoTypeInformation
        $csv | Should -Not -Match 'System\.'
        ($csv[0] -replace '"', '' -split ',') |
            Should -Be @('ComputerName', 'Protocol', 'StartPort', 'EndPort', 'Count', 'Kind', 'Source', 'Administered')
        $lines = @(Get-EphemeralPortRange; Get-ReservedPortRange) | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
        @($lines -match '^Proto\s+Kind\s+StartPort\s+EndPort\s+Count').Count | Should -Be 1
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}
