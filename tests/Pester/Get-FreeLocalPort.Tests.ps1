BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
    $script:EphemeralLow = [int] $range[0]
    $script:EphemeralHigh = [int] $range[1]

    function Get-ReleasedPort {
        $s = New-TestTcpListener '127.0.0.1'; $p = $s.LocalEndpoint.Port; $s.Stop(); $p
    }
}

Describe 'Get-FreeLocalPort with ports this test holds' {
    BeforeAll {
        $script:holders = @(
            New-TestTcpListener '0.0.0.0'
            New-TestTcpListener '::'
            New-TestTcpListener '127.0.0.1'
            New-TestTcpListener '::1'
        )
        $script:held = @($holders | ForEach-Object { $_.LocalEndpoint.Port })
        $script:udpHolders = @(
            New-TestUdpSocket '0.0.0.0'
            New-TestUdpSocket '::'
            New-TestUdpSocket '127.0.0.1'
            New-TestUdpSocket '::1'
        )
        $script:udpHeld = @($udpHolders | ForEach-Object { $_.LocalEndPoint.Port })
    }
    AfterAll {
        $holders | ForEach-Object { $_.Stop() }
        $udpHolders | ForEach-Object { $_.Dispose() }
    }

    It 'never returns a TCP port held on 0.0.0.0, ::, 127.0.0.1 only or ::1 only' {
        $free = @(1..4 | ForEach-Object { Get-ReleasedPort })
        $ports = @(Get-FreeLocalPort -Range ($held + $free) -Count 8 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $ports.Count | Should -BeGreaterThan 0
        foreach ($p in $held) { $ports.Port | Should -Not -Contain $p }
        ($ports.Port | Sort-Object -Unique).Count | Should -Be $ports.Count
    }

    It 'never returns a UDP port held on any of the four addresses' {
        $ports = @(Get-FreeLocalPort -Range $udpHeld -Protocol Udp -Count 4 -ErrorAction SilentlyContinue)
        $ports.Count | Should -Be 0
    }

    It 'with -Protocol Both, skips ports held on TCP or on UDP only' {
        $ports = @(Get-FreeLocalPort -Range ($held + $udpHeld) -Protocol Both -Count 8 -ErrorAction SilentlyContinue)
        $ports.Count | Should -Be 0
    }

    It 'skips a port taken on the other family even when asked for one family' {
        $v4Only = $held[2]; $v6Only = $held[3]
        @(Get-FreeLocalPort -Range $v4Only -AddressFamily IPv6 -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Get-FreeLocalPort -Range $v6Only -AddressFamily IPv4 -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'reports a range with no free port as a clear error naming the range' {
        $err = { Get-FreeLocalPort -Range $held[0] -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'NoFreePort,LoopbackTools.Commands.GetFreeLocalPortCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.TargetObject | Should -Be "$($held[0])"
        $err.Exception.Message | Should -Match "in $($held[0])"
    }
}

Describe 'Get-FreeLocalPort defaults' {
    It 'returns distinct ports outside the ephemeral range and above 1023' {
        $ports = @(Get-FreeLocalPort -Count 50)
        $ports.Count | Should -Be 50
        ($ports.Port | Sort-Object -Unique).Count | Should -Be 50
        foreach ($p in $ports.Port) {
            ($p -ge $EphemeralLow -and $p -le $EphemeralHigh) | Should -BeFalse -Because "$p is in the ephemeral range"
            $p | Should -BeGreaterOrEqual 1024
        }
        $ports[0].PSObject.TypeNames[0] | Should -Be 'LoopbackTools.FreePort'
        $ports[0].Protocol | Should -Be 'Tcp'
        $ports[0].AddressFamily | Should -Be 'Both'
    }

    It 'says in -Verbose which ranges it avoided' {
        $verbose = Get-FreeLocalPort -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") |
            Should -Match "Avoided TCP $EphemeralLow-$EphemeralHigh \(Ephemeral, from /proc/sys/net/ipv4/ip_local_port_range\)"
    }

    It 'returns a port that really binds on loopback and wildcard of both families' {
        $port = (Get-FreeLocalPort).Port
        $sockets = foreach ($a in '127.0.0.1', '::1') {
            $ip = [ipaddress]::Parse($a)
            $s = [System.Net.Sockets.Socket]::new($ip.AddressFamily, 'Stream', 'Tcp')
            $s.Bind([System.Net.IPEndPoint]::new($ip, $port)); $s
        }
        try { $sockets.Count | Should -Be 2 }
        finally { $sockets | ForEach-Object { $_.Dispose() } }
        $any = New-TestTcpListener '0.0.0.0' $port
        $any6 = New-TestTcpListener '::' $port
        $any.Stop(); $any6.Stop()
    }

    It 'carries the protocol and family that were checked' {
        $p = Get-FreeLocalPort -Protocol Both -AddressFamily IPv4
        $p.Protocol | Should -Be 'Both'
        $p.AddressFamily | Should -Be 'IPv4'
    }
}

Describe 'Get-FreeLocalPort on privileged ports (in a network namespace, without CAP_NET_BIND_SERVICE)' {
    It 'says the ports are privileged, not that every candidate is in use' {
        $json = Invoke-PwshInNetworkNamespace -Prefix 'setpriv', '--bounding-set=-net_bind_service', '--inh-caps=-net_bind_service' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$e = $null
$ports = @(Get-FreeLocalPort -Range 1-1023 -ErrorVariable e -ErrorAction SilentlyContinue)
$high = @(Get-FreeLocalPort -Range 2000-2010)
[pscustomobject]@{ Count = $ports.Count; HighCount = $high.Count; ErrorId = "$($e[0].FullyQualifiedErrorId)"; Message = $e[0].Exception.Message } |
    ConvertTo-Json
'@
        $r = $json | ConvertFrom-Json
        $r.Count | Should -Be 0
        $r.ErrorId | Should -Be 'NoFreePort,LoopbackTools.Commands.GetFreeLocalPortCommand'
        $r.Message | Should -Match 'every candidate is a privileged port'
        $r.Message | Should -Match 'CAP_NET_BIND_SERVICE'
        $r.Message | Should -Not -Match 'in use'
        $r.HighCount | Should -Be 1 # the same process binds unprivileged ports
    }
}

Describe 'Get-FreeLocalPort -Range forms' {
    It 'takes a string range, an int array and a list' {
        $low = 20000 + (Get-Random -Maximum 5000)
        $a = @(Get-FreeLocalPort -Range "$low-$($low + 50)" -Count 3)
        $a.Count | Should -Be 3
        $a.Port | ForEach-Object { $_ | Should -BeGreaterOrEqual $low; $_ | Should -BeLessOrEqual ($low + 50) }
        $b = @(Get-FreeLocalPort -Range ($low..($low + 50)) -Count 3)
        $b.Port | ForEach-Object { $_ | Should -BeIn ($low..($low + 50)) }
        $c = @(Get-FreeLocalPort -Range "$low,$($low + 10)-$($low + 12)" -Count 4)
        $c.Port | ForEach-Object { $_ | Should -BeIn @($low, ($low + 10), ($low + 11), ($low + 12)) }
    }

    It 'warns when an explicit range hands out ephemeral ports' {
        $warnings = $null
        $p = Get-FreeLocalPort -Range "$EphemeralLow-$($EphemeralLow + 200)" -WarningVariable warnings -WarningAction SilentlyContinue
        $p | Should -Not -BeNullOrEmpty
        $warnings[0].Message | Should -Match 'ephemeral range'
    }

    It 'rejects <Range> with a stable error naming it' -TestCases @(@{ Range = '9000-8000' }, @{ Range = 'http' }, @{ Range = '70000' }) {
        $err = { Get-FreeLocalPort -Range $Range -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidPortRange,LoopbackTools.Commands.GetFreeLocalPortCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Range
    }
}
