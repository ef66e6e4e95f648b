BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-DestinationRow([int] $Port) {
        @(Get-EphemeralPortUsage -Protocol Tcp 3>$null | Where-Object { $_.RemoteAddress -eq '127.0.0.1' -and $_.RemotePort -eq $Port })
    }
}

Describe 'Get-EphemeralPortUsage with connections this test opens' {
    It 'counts K new connections to one loopback listener as K more in use for that destination' {
        $k = 25
        $listener = New-TestTcpListener '127.0.0.1' (Get-TestFreePort)
        $port = $listener.LocalEndpoint.Port
        $clients = [System.Collections.Generic.List[object]]::new()
        $accepted = [System.Collections.Generic.List[object]]::new()
        try {
            $before = Get-DestinationRow $port
            $before.Count | Should -Be 0
            for ($i = 0; $i -lt $k; $i++) {
                $c = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
                $clients.Add($c)
                $c.Connect('127.0.0.1', $port)
                $accepted.Add($listener.AcceptTcpClient())
            }
            $row = Get-DestinationRow $port
            $row.Count | Should -Be 1
            $row[0].InUse | Should -Be $k
            $row[0].TimeWait | Should -Be 0
            $row[0].LocalAddress | Should -Be '127.0.0.1'
            $row[0].RangeSize | Should -Be (Get-EphemeralPortRange -Protocol Tcp).Count
            $row[0].PercentUsed | Should -Be ([Math]::Round(100.0 * $k / $row[0].RangeSize, 1))
            $row[0].TopProcesses | Should -Match "\(PID $PID\) x$k"
            # The accepted (server) sides hold port $port, not an automatic one: they are not counted anywhere.
            @(Get-EphemeralPortUsage -Protocol Tcp 3>$null |
                Where-Object { $_.RemotePort -ne $port -and $_.TopProcesses -match "PID $PID\)" }).Count | Should -Be 0
        }
        finally {
            $clients | ForEach-Object { $_.Client.LingerState = [System.Net.Sockets.LingerOption]::new($true, 0); $_.Dispose() }
            $accepted | ForEach-Object { $_.Dispose() }
            $listener.Stop()
        }
    }

    It 'shows the same sockets in the -Summary totals' {
        $listener = New-TestTcpListener '127.0.0.1' (Get-TestFreePort)
        $client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
        try {
            $client.Connect('127.0.0.1', $listener.LocalEndpoint.Port)
            $server = $listener.AcceptTcpClient()
            $summary = @(Get-EphemeralPortUsage -Summary 3>$null)
            $summary.Protocol | Should -Be @('Tcp', 'Udp')
            $tcp = $summary[0]
            $tcp.Established | Should -BeGreaterOrEqual 1
            $tcp.Sockets | Should -Be ($tcp.Established + $tcp.TimeWait + $tcp.CloseWait + $tcp.FinWait + $tcp.SynSent + $tcp.OtherStates)
            $tcp.PortsInUse | Should -BeLessOrEqual $tcp.Sockets
            $tcp.RangeSize | Should -Be (Get-EphemeralPortRange -Protocol Tcp).Count
            $tcp.Destinations | Should -BeGreaterOrEqual 1
            @(Get-EphemeralPortUsage -Summary -Protocol Udp 3>$null).Protocol | Should -Be 'Udp'
        }
        finally { if ($server) { $server.Dispose() }; $client.Dispose(); $listener.Stop() }
    }
}

Describe 'Get-EphemeralPortUsage in a network namespace with a shrunken ip_local_port_range' {
    It 'sees PercentUsed cross 80% for the one destination that uses up the range' {
        $json = Invoke-PwshInNetworkNamespace -Setup 'echo "1024 1100" > /proc/sys/net/ipv4/ip_local_port_range' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 5000); $listener.Start()
$clients = foreach ($i in 1..65) {
    $c = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork); $c.Connect('127.0.0.1', 5000); $c
}
$rows = @(Get-EphemeralPortUsage -Protocol Tcp | Where-Object RemotePort -eq 5000)
$summary = Get-EphemeralPortUsage -Summary -Protocol Tcp
[pscustomobject]@{ Rows = $rows; Summary = $summary } | ConvertTo-Json -Depth 3 -EnumsAsStrings
'@
        $r = $json | ConvertFrom-Json
        @($r.Rows).Count | Should -Be 1
        $r.Rows[0].InUse | Should -Be 65
        $r.Rows[0].RangeSize | Should -Be 77
        $r.Rows[0].PercentUsed | Should -Be 84.4
        $r.Rows[0].PercentUsed | Should -BeGreaterThan 80
        $r.Summary.PortsInUse | Should -Be 65
        $r.Summary.BusiestDestination | Should -Be '127.0.0.1:5000'
        $r.Summary.BusiestPercentUsed | Should -Be 84.4
    }

    It 'leaves reserved ports out of RangeSize, as the kernel does when it picks ports' {
        $setup = 'echo "1024 1100" > /proc/sys/net/ipv4/ip_local_port_range && echo 1030-1039 > /proc/sys/net/ipv4/ip_local_reserved_ports'
        $json = Invoke-PwshInNetworkNamespace -Setup $setup -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
Get-EphemeralPortUsage -Summary -Protocol Tcp | Select-Object RangeSize | ConvertTo-Json
'@
        ($json | ConvertFrom-Json).RangeSize | Should -Be 67
    }
}

Describe 'Get-EphemeralPortUsage output' {
    It 'exports flat CSV for both shapes and fits its tables in 120 columns' {
        $listener = New-TestTcpListener '127.0.0.1' (Get-TestFreePort)
        $client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
        try {
            $client.Connect('127.0.0.1', $listener.LocalEndpoint.Port)
            $server = $listener.AcceptTcpClient()
            foreach ($rows in @(@(Get-EphemeralPortUsage 3>$null), @(Get-EphemeralPortUsage -Summary 3>$null))) {
                $csv = $rows | ConvertTo-Csv -NoTypeInformation
                $csv | Should -Not -Match 'System\.'
                $lines = $rows | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
                ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
            }
            (Get-EphemeralPortUsage 3>$null | Format-Table | Out-String -Width 120) | Should -Match 'Destination\s+InUse\s+TimeWait\s+Used%'
        }
        finally { if ($server) { $server.Dispose() }; $client.Dispose(); $listener.Stop() }
    }
}

Describe 'Views of the port cmdlets with a hostile process name' {
    It 'escape control characters in Get-EphemeralPortUsage and Get-PortInfo views' {
        $child = Start-PythonSocketProcess -Code @"
import ctypes
ctypes.CDLL(None).prctl(15, b'evil\x1b[2Jname', 0, 0, 0)
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
c = socket.socket(); c.connect(l.getsockname()); a = l.accept()
print(l.getsockname()[1])
"@
        try {
            $port = [int] $child.Line
            $usage = @(Get-EphemeralPortUsage -Protocol Tcp 3>$null | Where-Object RemotePort -eq $port)
            $usage.Count | Should -Be 1
            # TopProcesses is composed text: the name in it is escaped like in every message; ProcessName stays raw.
            $usage[0].TopProcesses | Should -Not -Match "`e"
            $usage[0].TopProcesses | Should -Match ([regex]::Escape('evil\x1b[2Jname'))
            $summary = Get-EphemeralPortUsage -Summary -Protocol Tcp 3>$null
            $info = Get-PortInfo $port
            $info.ProcessName | Should -Match "`e"
            foreach ($text in @(
                    ($usage | Format-Table | Out-String -Width 300), ($usage | Format-List | Out-String),
                    ($summary | Format-List | Out-String),
                    ($info | Format-Table | Out-String -Width 300), ($info | Format-List | Out-String))) {
                $text | Should -Not -Match "`e"
            }
            ($usage | Format-List | Out-String) | Should -Match ([regex]::Escape('evil\x1b[2Jname'))
        }
        finally { Stop-ChildProcess $child.Process }
    }
}
