BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
    $script:EphemeralLow = [int] $range[0]
    $script:EphemeralHigh = [int] $range[1]

    # python3 children that share a port set SO_REUSEPORT, the one option Linux needs for that.
    function Start-ReusePortListener([string] $Address, [int] $Port, [switch] $V6Only) {
        $family = if ($Address.Contains(':')) { 'socket.AF_INET6' } else { 'socket.AF_INET' }
        $v6Line = if ($V6Only) { 's.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)' } else { 'pass' }
        Start-PythonSocketProcess -Code @"
s = socket.socket($family)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
$v6Line
s.bind(('$Address', $Port))
s.listen()
print(s.getsockname()[1])
"@
    }

    # A listener of this process that shares the port: .NET's ReuseAddress sets SO_REUSEPORT as well on Linux.
    function New-ReuseListener([string] $Address, [int] $Port) {
        $ip = [System.Net.IPAddress]::Parse($Address)
        $s = [System.Net.Sockets.Socket]::new($ip.AddressFamily, 'Stream', 'Tcp')
        if ($Address -eq '::') { $s.DualMode = $false }
        $s.SetSocketOption('Socket', 'ReuseAddress', $true)
        $s.Bind([System.Net.IPEndPoint]::new($ip, $Port))
        $s.Listen()
        $s
    }

    function Find-Scan([int] $Port) { @(Find-PortConflict | Where-Object Port -eq $Port) }
}

Describe 'Find-PortConflict -Port: InUse' {
    BeforeAll {
        $script:port = Get-TestFreePort
        $script:listener = New-TestTcpListener '127.0.0.1' $port
        $script:child = Start-ReusePortListener '127.0.0.1' 0
        $script:childPort = [int] $child.Line
    }
    AfterAll { $listener.Stop(); Stop-ChildProcess $child.Process }

    It 'names this process and its address when a planned port already has a listener' {
        $c = @(Find-PortConflict -Port $port | Where-Object Kind -eq 'InUse')
        $c.Count | Should -Be 1
        $c[0].Severity | Should -Be 'Error'
        $c[0].Protocol | Should -Be 'Tcp'
        $c[0].ProcessId | Should -Be "$PID"
        $c[0].Address | Should -Be '127.0.0.1'
        $c[0].Message | Should -Match ([regex]::Escape("(PID $PID) listens on 127.0.0.1:$port"))
        $c[0].Remedy | Should -Not -BeNullOrEmpty
        $c[0].Endpoints.Count | Should -Be 1
        $c[0].Endpoints[0].LocalPort | Should -Be $port
    }

    It 'names a child process that holds the port' {
        $c = @(Find-PortConflict -Port $childPort | Where-Object Kind -eq 'InUse')
        $c.Count | Should -Be 1
        $c[0].ProcessId | Should -Be "$($child.Process.Id)"
        $c[0].ProcessName | Should -BeLike 'python*'
        $c[0].Message | Should -Match 'python'
    }

    It 'takes -Address into account: 0.0.0.0 collides with 127.0.0.1, 127.0.0.2 does not' {
        @(Find-PortConflict -Port $port -Address 0.0.0.0 | Where-Object Kind -eq 'InUse').Count | Should -Be 1
        @(Find-PortConflict -Port $port -Address 127.0.0.1 | Where-Object Kind -eq 'InUse').Count | Should -Be 1
        @(Find-PortConflict -Port $port -Address 127.0.0.2 | Where-Object Kind -eq 'InUse').Count | Should -Be 0
        @(Find-PortConflict -Port $port -Address '::1' | Where-Object Kind -eq 'InUse').Count | Should -Be 0
    }

    It 'agrees with the kernel: a bind it calls free succeeds, one it calls in use fails' {
        $free = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse('127.0.0.2'), $port)
        try { { $free.Start() } | Should -Not -Throw } finally { $free.Stop() }
        { (New-TestTcpListener '127.0.0.1' $port).Stop() } | Should -Throw
    }

    It 'checks only the planned protocol: TCP by default, UDP when asked' {
        @(Find-PortConflict -Port $port -Protocol Udp | Where-Object Kind -eq 'InUse').Count | Should -Be 0
        $udp = New-TestUdpSocket '127.0.0.1' $port
        try {
            $c = @(Find-PortConflict -Port $port -Protocol Udp | Where-Object Kind -eq 'InUse')
            $c.Count | Should -Be 1
            $c[0].Protocol | Should -Be 'Udp'
            $c[0].Message | Should -Match 'is bound to'
        }
        finally { $udp.Dispose() }
    }

    It 'takes ports from the pipeline by value and by property name' {
        $byValue = @($port, $childPort | Find-PortConflict | Where-Object Kind -eq 'InUse')
        ($byValue.Port | Sort-Object) | Should -Be (@($port, $childPort) | Sort-Object)
        $byName = @([pscustomobject]@{ Port = $port }, [pscustomobject]@{ LocalPort = $childPort } |
            Find-PortConflict | Where-Object Kind -eq 'InUse')
        ($byName.Port | Sort-Object) | Should -Be (@($port, $childPort) | Sort-Object)
    }
}

Describe 'Find-PortConflict: SharedPort' {
    It 'reports two python3 processes on one address and port as Info (one program''s workers)' {
        $a = Start-ReusePortListener '127.0.0.1' 0
        $b = $null
        try {
            $port = [int] $a.Line
            $b = Start-ReusePortListener '127.0.0.1' $port
            $c = @(Find-Scan $port | Where-Object Kind -eq 'SharedPort')
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Info'
            ($c[0].ProcessId -split ', ' | Sort-Object) | Should -Be (@("$($a.Process.Id)", "$($b.Process.Id)") | Sort-Object)
            $c[0].Address | Should -Be '127.0.0.1'
            $c[0].Message | Should -Match '2 processes listen on TCP 127\.0\.0\.1'
            $c[0].Endpoints.Count | Should -Be 2
        }
        finally { Stop-ChildProcess $a.Process; if ($b) { Stop-ChildProcess $b.Process } }
    }

    It 'reports two different programs sharing a port as a Warning' {
        $port = Get-TestFreePort
        $mine = New-ReuseListener '127.0.0.1' $port
        $child = $null
        try {
            $child = Start-ReusePortListener '127.0.0.1' $port
            $c = @(Find-Scan $port | Where-Object Kind -eq 'SharedPort')
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Warning'
            $c[0].ProcessId -split ', ' | Should -Contain "$PID"
            $c[0].ProcessId -split ', ' | Should -Contain "$($child.Process.Id)"
        }
        finally { $mine.Dispose(); if ($child) { Stop-ChildProcess $child.Process } }
    }
}

Describe 'Find-PortConflict: WildcardShadow' {
    It 'explains which process a client reaches when one holds 0.0.0.0 and another 127.0.0.1' {
        $port = Get-TestFreePort
        $wild = Start-ReusePortListener '0.0.0.0' $port
        $specific = $null
        try {
            $specific = Start-ReusePortListener '127.0.0.1' $port
            $c = @(Find-Scan $port | Where-Object Kind -eq 'WildcardShadow')
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Warning'
            $c[0].Address | Should -Match '0\.0\.0\.0'
            $c[0].Address | Should -Match '127\.0\.0\.1'
            $c[0].Message | Should -Match "clients that dial 127\.0\.0\.1 on port $port reach python3? \(PID $($specific.Process.Id)\)"
            $c[0].Message | Should -Match "reach python3? \(PID $($wild.Process.Id)\)"
            # Same address, different programs would be SharedPort; this is not that.
            @(Find-Scan $port | Where-Object Kind -eq 'SharedPort').Count | Should -Be 0
        }
        finally { Stop-ChildProcess $wild.Process; if ($specific) { Stop-ChildProcess $specific.Process } }
    }
}

Describe 'Find-PortConflict: DualStackSplit' {
    It 'reports the IPv4 side held by this process and the IPv6 side by a child' {
        $port = Get-TestFreePort
        $child = Start-ReusePortListener '::' $port -V6Only
        $mine = $null
        try {
            $mine = New-TestTcpListener '0.0.0.0' $port
            $c = @(Find-Scan $port | Where-Object Kind -eq 'DualStackSplit')
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Warning'
            $c[0].ProcessId -split ', ' | Should -Be @("$PID", "$($child.Process.Id)")
            $c[0].Message | Should -Match 'IPv4 side'
            $c[0].Message | Should -Match "\[::\]:$port"
        }
        finally { if ($mine) { $mine.Stop() }; Stop-ChildProcess $child.Process }
    }

    It 'stays quiet when one process holds both sides' {
        $port = Get-TestFreePort
        $v4 = New-TestTcpListener '0.0.0.0' $port
        $v6 = New-TestTcpListener '::' $port
        try { @(Find-Scan $port).Kind | Should -Not -Contain 'DualStackSplit' }
        finally { $v4.Stop(); $v6.Stop() }
    }
}

Describe 'Find-PortConflict: LocalhostMismatch (localhost resolves to <Resolved> here)' -ForEach @(
    @{ Resolved = ([System.Net.Dns]::GetHostAddresses('localhost') | ForEach-Object { "$_" }) -join ', ' }
) {
    BeforeAll {
        $script:localhost = @([System.Net.Dns]::GetHostAddresses('localhost'))
        $script:hasV4 = [bool] ($localhost | Where-Object AddressFamily -eq 'InterNetwork')
        $script:hasV6 = [bool] ($localhost | Where-Object AddressFamily -eq 'InterNetworkV6')
        $script:firstV4 = $localhost[0].AddressFamily -eq 'InterNetwork'
    }

    It 'judges a listener on 127.0.0.1 only by how localhost resolves' {
        $port = Get-TestFreePort
        $l = New-TestTcpListener '127.0.0.1' $port
        try {
            $c = @(Find-Scan $port | Where-Object Kind -eq 'LocalhostMismatch')
            if (-not $hasV6) { $c.Count | Should -Be 0 }
            else {
                $c.Count | Should -Be 1
                $c[0].Severity | Should -Be $(if ($firstV4) { 'Info' } else { 'Warning' })
                $c[0].Message | Should -Match 'IPv4 only'
            }
        }
        finally { $l.Stop() }
    }

    It 'reports a listener only on the loopback family localhost does not try first' {
        $port = Get-TestFreePort
        $address = if ($firstV4) { '::1' } else { '127.0.0.1' }
        $reached = if ($firstV4) { $hasV6 } else { $hasV4 }
        $l = New-TestTcpListener $address $port
        try {
            $c = @(Find-Scan $port | Where-Object Kind -eq 'LocalhostMismatch')
            $c.Count | Should -Be 1
            # Warning either way: when localhost does not resolve to that family at all, curl and browsers still
            # reach it (they try both loopback addresses themselves); clients of the system resolver do not.
            $c[0].Severity | Should -Be 'Warning'
            $c[0].Message | Should -Not -Match 'cannot'
            if (-not $reached) { $c[0].Message | Should -Match 'through the system resolver' }
            $c[0].ProcessId | Should -Be "$PID"
            $c[0].Message | Should -Match "'localhost' resolves to $([regex]::Escape(($localhost | ForEach-Object { "$_" }) -join ', '))"
            $c[0].Remedy | Should -Match 'both 127\.0\.0\.1 and ::1'
            # The same question asked before listening: a planned bind on that address.
            $planned = @(Find-PortConflict -Port (Get-TestFreePort) -Address $address | Where-Object Kind -eq 'LocalhostMismatch')
            $planned.Count | Should -Be 1
            $planned[0].Severity | Should -Be $c[0].Severity
        }
        finally { $l.Stop() }
    }

    It 'stays quiet when both loopback families are served' {
        $port = Get-TestFreePort
        $v4 = New-TestTcpListener '127.0.0.1' $port
        $v6 = New-TestTcpListener '::1' $port
        try { @(Find-Scan $port).Kind | Should -Not -Contain 'LocalhostMismatch' }
        finally { $v4.Stop(); $v6.Stop() }
    }
}

Describe 'Find-PortConflict and Test-LocalPort judge localhost alike (hosts file: <Hosts>)' -ForEach @(
    @{ Hosts = '127.0.0.1 localhost' }
    @{ Hosts = '::1 localhost, 127.0.0.1 localhost' }
) {
    It 'gives the same severity and the same words for a listener on one loopback family' {
        # A network namespace of its own (nothing else listens) and a mount namespace whose /etc/hosts is this one.
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-hosts-$([guid]::NewGuid())"
        Set-Content -Path $file -Value ($Hosts -split ', ')
        try {
            $json = Invoke-PwshInNetworkNamespace -Unshare '-m' -Setup "mount --bind $file /etc/hosts" -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$rows = foreach ($address in '::1', '127.0.0.1') {
    $l = [System.Net.Sockets.TcpListener]::new([ipaddress]::Parse($address), 0)
    $l.Start()
    $port = $l.LocalEndpoint.Port
    $conflict = @(Find-PortConflict | Where-Object { $_.Port -eq $port -and $_.Kind -eq 'LocalhostMismatch' })
    $warnings = $null
    $verbose = @(Test-LocalPort $port -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1 |
        Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
    $l.Stop()
    [pscustomobject]@{
        Address = $address
        Severity = @($conflict | ForEach-Object { "$($_.Severity)" })
        Message = @($conflict | ForEach-Object Message)
        Warnings = @($warnings | ForEach-Object Message)
        Verbose = @($verbose | ForEach-Object Message)
    }
}
$resolved = @([System.Net.Dns]::GetHostAddresses('localhost') | ForEach-Object { "$_" })
[pscustomobject]@{ Resolved = $resolved; Rows = @($rows) } | ConvertTo-Json -Depth 4
'@
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
        $r = $json | ConvertFrom-Json
        $r.Resolved[0] | Should -Be ($Hosts -split ', ')[0].Split(' ')[0]
        foreach ($row in $r.Rows) {
            $split = @($row.Verbose + $row.Warnings | Where-Object { $_ -match 'answers on .* but is refused on' })
            $split.Count | Should -Be 1 -Because "Test-LocalPort names the split for $($row.Address)"
            if ($row.Severity.Count -eq 0) {
                @($row.Warnings).Count | Should -Be 0 -Because "no LocalhostMismatch for $($row.Address), so no warning"
                continue
            }
            # The conflict reads "<who>: <what clients meet>."; Test-LocalPort says the same clause after its own subject.
            $consequence = $row.Message[0].Substring($row.Message[0].IndexOf(': ') + 2).TrimEnd('.')
            $split[0].Contains(": $consequence.") | Should -BeTrue -Because "'$($split[0])' should say '$consequence'"
            if ($row.Severity[0] -eq 'Info') { @($row.Warnings).Count | Should -Be 0 }
            else { @($row.Warnings).Count | Should -Be 1 }
        }
        if ($Hosts -eq '127.0.0.1 localhost') {
            # The issue's case: a ::1-only server, curl reaches it through its own localhost handling.
            $v6 = $r.Rows | Where-Object Address -eq '::1'
            $v6.Severity | Should -Be 'Warning'
            $v6.Message[0] | Should -Match 'curl 7\.78 and later'
            @($r.Rows | Where-Object Address -eq '127.0.0.1').Severity.Count | Should -Be 0
        }
    }
}

Describe 'Find-PortConflict: EphemeralRange' {
    It 'notes a TCP listener inside the ephemeral range as Info' {
        $l = New-TestTcpListener '127.0.0.1' 0
        try {
            $port = $l.LocalEndpoint.Port
            $port | Should -BeGreaterOrEqual $EphemeralLow
            $c = @(Find-Scan $port | Where-Object Kind -eq 'EphemeralRange')
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Info'
            $c[0].Message | Should -Match "$EphemeralLow-$EphemeralHigh"
            $c[0].Remedy | Should -Match 'ip_local_reserved_ports'
        }
        finally { $l.Stop() }
    }

    It 'warns about a planned port inside the range and not about one below it' {
        $inside = $EphemeralHigh - (Get-Random -Maximum 1000)
        $c = @(Find-PortConflict -Port $inside | Where-Object Kind -eq 'EphemeralRange')
        $c.Count | Should -Be 1
        $c[0].Severity | Should -Be 'Warning'
        @(Find-PortConflict -Port (Get-TestFreePort) | Where-Object Kind -eq 'EphemeralRange').Count | Should -Be 0
    }

    It 'does not report unconnected UDP sockets in the range (clients'' automatic ports)' {
        $u = New-TestUdpSocket '127.0.0.1' 0
        try { @(Find-Scan $u.LocalEndPoint.Port | Where-Object Kind -eq 'EphemeralRange').Count | Should -Be 0 }
        finally { $u.Dispose() }
    }
}

Describe 'Find-PortConflict: TimeWait' {
    It 'reports TIME_WAIT sockets left on a planned port by a server that closed first' {
        $port = Get-TestFreePort
        $listener = New-TestTcpListener '127.0.0.1' $port
        $client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
        try {
            $client.Connect('127.0.0.1', $port)
            $server = $listener.AcceptTcpClient()
            $server.Close()                          # the server's side sends FIN first ...
            $null = $client.GetStream().Read([byte[]]::new(1), 0, 1)
            $client.Close()                          # ... so its socket ends in TIME_WAIT on $port
            $listener.Stop()
            $deadline = [DateTime]::UtcNow.AddSeconds(5)
            do { $c = @(Find-PortConflict -Port $port | Where-Object Kind -eq 'TimeWait') } while ($c.Count -eq 0 -and
                [DateTime]::UtcNow -lt $deadline -and -not (Start-Sleep -Milliseconds 100))
            $c.Count | Should -Be 1
            $c[0].Severity | Should -Be 'Warning'
            $c[0].Message | Should -Match "1 socket is in TIME_WAIT on TCP port $port"
            $c[0].Endpoints[0].State | Should -Be 'TimeWait'
            $c[0].Remedy | Should -Match 'SO_REUSEADDR'
            @(Find-PortConflict -Port $port | Where-Object Kind -eq 'InUse').Count | Should -Be 0
        }
        finally { $client.Dispose(); $listener.Stop() }
    }
}

Describe 'Find-PortConflict: Privileged (in a network namespace, without CAP_NET_BIND_SERVICE)' {
    It 'reports a planned port below ip_unprivileged_port_start when the caller cannot bind it, and the kernel agrees' {
        $json = Invoke-PwshInNetworkNamespace -Setup 'echo 2000 > /proc/sys/net/ipv4/ip_unprivileged_port_start' `
            -Prefix 'setpriv', '--bounding-set=-net_bind_service', '--inh-caps=-net_bind_service' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$bindError = try { [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 1500).Start(); 'none' } catch {
    $_.Exception.InnerException.SocketErrorCode ?? $_.Exception.SocketErrorCode ?? $_.Exception.Message
}
[pscustomobject]@{
    Low = @(Find-PortConflict -Port 1500 | Select-Object Kind, Severity, Message)
    High = @(Find-PortConflict -Port 2500 | Select-Object Kind, Severity, Message)
    Range = @(Get-ReservedPortRange -Protocol Tcp | Where-Object Kind -eq Privileged | Select-Object StartPort, EndPort)
    BindError = "$bindError"
} | ConvertTo-Json -Depth 4 -EnumsAsStrings
'@
        $r = $json | ConvertFrom-Json
        $r.BindError | Should -Be 'AccessDenied'
        $low = @($r.Low | Where-Object Kind -eq 'Privileged')
        $low.Count | Should -Be 1
        $low[0].Severity | Should -Be 'Error'
        $low[0].Message | Should -Match 'unprivileged-port start 2000'
        $low[0].Message | Should -Match 'CAP_NET_BIND_SERVICE'
        @($r.High | Where-Object Kind -eq 'Privileged').Count | Should -Be 0
        $r.Range[0].EndPort | Should -Be 1999
    }

    It 'does not report privileged ports to a caller that may bind them (root here)' {
        @(Find-PortConflict -Port 80 | Where-Object Kind -eq 'Privileged').Count | Should -Be 0
    }
}

Describe 'Find-PortConflict on a clean port' {
    It 'yields nothing for ports this test owns when none of the situations is present' {
        $port = Get-TestFreePort
        $v4 = New-TestTcpListener '127.0.0.1' $port
        $v6 = New-TestTcpListener '::1' $port
        try {
            @(Find-Scan $port).Count | Should -Be 0
            $planned = Get-TestFreePort
            @(Find-PortConflict -Port $planned).Count | Should -Be 0
            @(Find-PortConflict -Port $planned -Protocol Tcp, Udp -Address 127.0.0.1 | Where-Object Kind -ne 'LocalhostMismatch').Count | Should -Be 0
        }
        finally { $v4.Stop(); $v6.Stop() }
    }
}

Describe 'Find-PortConflict output for pipelines and people' {
    BeforeAll {
        $script:port = Get-TestFreePort
        $script:l = New-TestTcpListener '127.0.0.1' $port
    }
    AfterAll { $l.Stop() }

    It 'exports flat, readable CSV with no .NET type names' {
        $csv = @(Find-PortConflict -Port $port | ConvertTo-Csv -NoTypeInformation)
        $header = $csv[0] -replace '"', '' -split ','
        $header | Should -Be @('ComputerName', 'Port', 'Protocol', 'Kind', 'Severity', 'Address', 'Message', 'Remedy', 'ProcessId', 'ProcessName',
            'Endpoints')
        $csv | Should -Not -Match 'System\.'
        $csv | Should -Not -Match 'LoopbackTools\.'
        $row = $csv | ConvertFrom-Csv | Where-Object Kind -eq 'InUse'
        $row.Endpoints | Should -Match ([regex]::Escape("Tcp 127.0.0.1:$port Listen"))
        $row.ProcessId | Should -Be "$PID"
    }

    It 'sorts its output stably: by port, then protocol, then severity' {
        $a = Find-PortConflict -Port $port, ($EphemeralHigh - 5) | ForEach-Object { "$($_.Port) $($_.Kind)" }
        $b = Find-PortConflict -Port ($EphemeralHigh - 5), $port | ForEach-Object { "$($_.Port) $($_.Kind)" }
        $b | Should -Be $a
        [int] ($a[0] -split ' ')[0] | Should -Be $port
    }

    It 'has a table view within the window, and keeps it after Export-Clixml' {
        $lines = Find-PortConflict -Port $port | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
        @($lines -match '^Severity\s+Kind\s+Proto\s+Port\s+ProcessName\s+Message').Count | Should -Be 1
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-$([guid]::NewGuid()).xml"
        try {
            Find-PortConflict -Port $port | Export-Clixml $file
            (Import-Clixml $file | Format-Table | Out-String) | Should -Match 'Severity\s+Kind'
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'escapes control characters of process names in its views' {
        $name = "evil`e[31mred"
        $child = Start-PythonSocketProcess -Code @"
import ctypes
ctypes.CDLL(None).prctl(15, b'evil\x1b[31mred', 0, 0, 0)
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print(s.getsockname()[1])
"@
        try {
            $p = [int] $child.Line
            $c = Find-PortConflict -Port $p | Where-Object Kind -eq 'InUse'
            $c.ProcessName | Should -Be $name
            $text = $c | Format-Table | Out-String -Width 200
            $text | Should -Not -Match "`e"
            $text | Should -Match ([regex]::Escape('evil\x1b[31mred'))
            ($c | Format-List | Out-String) | Should -Not -Match "`e"
        }
        finally { Stop-ChildProcess $child.Process }
    }
}

Describe 'Find-PortConflict input errors' {
    It 'rejects port <Port> as a parameter validation error' -TestCases @(@{ Port = 0 }, @{ Port = 65536 }) {
        { Find-PortConflict -Port $Port -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LoopbackTools.Commands.FindPortConflictCommand'
    }

    It 'rejects -Address <Address> with ErrorId <ErrorId> and the value as target' -TestCases @(
        @{ Address = '1.2.3'; ErrorId = 'InvalidAddress' }
        @{ Address = 'example.com'; ErrorId = 'UnsupportedHost' }
        @{ Address = ''; ErrorId = 'InvalidEndpoint' }
    ) {
        $err = { Find-PortConflict -Port 8080 -Address $Address -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,LoopbackTools.Commands.FindPortConflictCommand"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Address
    }
}
