BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
    $script:EphemeralLow = [int] $range[0]
    $script:EphemeralHigh = [int] $range[1]
}

Describe 'Get-LoopbackEndpoint with listeners this test opens' {
    BeforeAll {
        $script:v4 = New-TestTcpListener '127.0.0.1'
        $script:v6 = New-TestTcpListener '::1'
        $script:any4 = New-TestTcpListener '0.0.0.0'
        $script:any6 = New-TestTcpListener '::'
        $script:udp4 = New-TestUdpSocket '127.0.0.1'
        $script:udp6any = New-TestUdpSocket '::'
    }
    AfterAll {
        $v4.Stop(); $v6.Stop(); $any4.Stop(); $any6.Stop(); $udp4.Dispose(); $udp6any.Dispose()
    }

    It 'lists a TCP listener on <Name> with exposure <Exposure>, owned by this process' -TestCases @(
        @{ Name = '127.0.0.1'; Var = 'v4'; Address = '127.0.0.1'; Family = 'IPv4'; Exposure = 'LoopbackOnly' }
        @{ Name = '::1'; Var = 'v6'; Address = '::1'; Family = 'IPv6'; Exposure = 'LoopbackOnly' }
        @{ Name = '0.0.0.0'; Var = 'any4'; Address = '0.0.0.0'; Family = 'IPv4'; Exposure = 'AllInterfaces' }
        @{ Name = '::'; Var = 'any6'; Address = '::'; Family = 'IPv6'; Exposure = 'AllInterfaces' }
    ) {
        $port = (Get-Variable $Var -ValueOnly).LocalEndpoint.Port
        $rows = @(Get-LoopbackEndpoint -Port $port -Protocol Tcp -Listening | Where-Object LocalAddress -eq $Address)
        $rows.Count | Should -Be 1
        $rows[0].State | Should -Be 'Listen'
        $rows[0].AddressFamily | Should -Be $Family
        $rows[0].Exposure | Should -Be $Exposure
        $rows[0].ProcessId | Should -Be $PID
        $rows[0].ProcessName | Should -Not -BeNullOrEmpty
        $rows[0].PortCategory | Should -Be $(if ($port -le 1023) { 'WellKnown' } elseif ($port -le 49151) { 'Registered' } else { 'Dynamic' })
        $rows[0].InEphemeralRange | Should -Be ($port -ge $EphemeralLow -and $port -le $EphemeralHigh)
        $rows[0].UserName | Should -Be ([Environment]::UserName)
    }

    It 'lists unconnected UDP sockets as Bound with their exposure' {
        $r4 = @(Get-LoopbackEndpoint -Port $udp4.LocalEndPoint.Port -Protocol Udp | Where-Object LocalAddress -eq '127.0.0.1')
        $r4.Count | Should -Be 1
        $r4[0].State | Should -Be 'Bound'
        $r4[0].Exposure | Should -Be 'LoopbackOnly'
        $r6 = @(Get-LoopbackEndpoint -Port $udp6any.LocalEndPoint.Port -Protocol Udp -Listening | Where-Object LocalAddress -eq '::')
        $r6.Count | Should -Be 1
        $r6[0].Exposure | Should -Be 'AllInterfaces'
        $r6[0].ProcessId | Should -Be $PID
    }

    It 'filters by protocol, family and state' {
        # Other programs may use the same port number on another protocol or family, or connect to our listener:
        # assert that each filter keeps only matching rows and keeps or drops this test's listener as it should.
        $port = $v4.LocalEndpoint.Port
        $isOurs = { $_.Protocol -eq 'Tcp' -and $_.LocalAddress -eq '127.0.0.1' -and $_.State -eq 'Listen' }
        $udp = @(Get-LoopbackEndpoint -Port $port -Protocol Udp)
        $udp | Where-Object Protocol -NE 'Udp' | Should -BeNullOrEmpty
        $v6 = @(Get-LoopbackEndpoint -Port $port -AddressFamily IPv6)
        $v6 | Where-Object AddressFamily -NE 'IPv6' | Should -BeNullOrEmpty
        $est = @(Get-LoopbackEndpoint -Port $port -State Established)
        $est | Where-Object State -NE 'Established' | Should -BeNullOrEmpty
        @($udp + $v6 + $est | Where-Object $isOurs).Count | Should -Be 0
        $listen = @(Get-LoopbackEndpoint -Port $port -State Listen)
        $listen | Where-Object State -NE 'Listen' | Should -BeNullOrEmpty
        @($listen | Where-Object $isOurs).Count | Should -Be 1
    }

    It 'skips owners with -NoOwner' {
        $row = Get-LoopbackEndpoint -Port $v4.LocalEndpoint.Port -NoOwner
        $row.LocalPort | Should -Be $v4.LocalEndpoint.Port
        $row.ProcessId | Should -BeNullOrEmpty
        $row.ProcessName | Should -BeNullOrEmpty
    }

    It 'takes ports from the pipeline by property name (LocalPort and Port)' {
        $ports = @([pscustomobject]@{ LocalPort = $v4.LocalEndpoint.Port }, [pscustomobject]@{ Port = $v6.LocalEndpoint.Port })
        $rows = @($ports | Get-LoopbackEndpoint -Listening)
        ($rows.LocalPort | Sort-Object -Unique) | Should -Be (@($v4.LocalEndpoint.Port, $v6.LocalEndpoint.Port) | Sort-Object)
    }

    It 'filters by -ProcessId and by -ProcessName wildcards' {
        $me = Get-Process -Id $PID
        $port = $v4.LocalEndpoint.Port
        @(Get-LoopbackEndpoint -Port $port -ProcessId $PID).Count | Should -Be 1
        @(Get-LoopbackEndpoint -Port $port -ProcessId 999999999).Count | Should -Be 0
        $pattern = $me.ProcessName.Substring(0, 2).ToUpperInvariant() + '*'
        @(Get-LoopbackEndpoint -Port $port -ProcessName $pattern).Count | Should -Be 1
        @(Get-LoopbackEndpoint -Port $port -ProcessName 'no-such-process-*').Count | Should -Be 0
    }

    It 'takes -ProcessId from Get-Process through the Id alias' {
        $rows = @(Get-Process -Id $PID | Get-LoopbackEndpoint -Listening)
        $rows.LocalPort | Should -Contain $v4.LocalEndpoint.Port
        $rows.ProcessId | Sort-Object -Unique | Should -Be $PID
    }
}

Describe 'Get-LoopbackEndpoint with a connection' {
    It 'shows both rows of a loopback connection with their remote ends' {
        $listener = New-TestTcpListener '127.0.0.1'
        # An IPv4 socket: .NET's default TcpClient is dual-mode IPv6 and would show ::ffff:127.0.0.1.
        $client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
        try {
            $client.Connect('127.0.0.1', $listener.LocalEndpoint.Port)
            $server = $listener.AcceptTcpClient()
            $serverPort = $listener.LocalEndpoint.Port
            $clientPort = $client.Client.LocalEndPoint.Port
            $accepted = @(Get-LoopbackEndpoint -Port $serverPort -State Established)
            $accepted.Count | Should -Be 1
            $accepted[0].RemotePort | Should -Be $clientPort
            $outgoing = @(Get-LoopbackEndpoint -Port $clientPort -RemotePort $serverPort)
            $outgoing.Count | Should -Be 1
            $outgoing[0].State | Should -Be 'Established'
            $outgoing[0].RemoteAddress | Should -Be '127.0.0.1'
            $outgoing[0].ProcessId | Should -Be $PID
        }
        finally {
            if ($server) { $server.Dispose() }
            $client.Dispose()
            $listener.Stop()
        }
    }
}

Describe 'Get-LoopbackEndpoint with a child process' {
    BeforeAll { $script:child = Start-ListenerProcess '127.0.0.1' }
    AfterAll { Stop-ChildProcess $child.Process }

    It 'names the owner of a socket held by another process' {
        $row = Get-LoopbackEndpoint -Port $child.Port -Listening
        $row.ProcessId | Should -Be $child.Process.Id
        $row.ProcessName | Should -BeLike 'python*'
        $row.ProcessPath | Should -BeLike '*python*'
        $row.CommandLine | Should -BeLike '*lbt-test*'
        $row.ProcessStartTime | Should -BeOfType [datetime]
        ([datetime]::Now - $row.ProcessStartTime).TotalMinutes | Should -BeLessThan 5
    }

    It 'pipes to Stop-Process, which stops exactly that owner' {
        $other = Start-ListenerProcess '127.0.0.1' -Marker 'lbt-stop'
        try {
            Get-LoopbackEndpoint -Port $other.Port -Listening | Stop-Process -Confirm:$false
            $other.Process.WaitForExit(5000) | Should -BeTrue
            $child.Process.HasExited | Should -BeFalse
        }
        finally { Stop-ChildProcess $other.Process }
    }
}

Describe 'Get-LoopbackEndpoint output for pipelines' {
    BeforeAll { $script:l = New-TestTcpListener '127.0.0.1' }
    AfterAll { $l.Stop() }

    It 'exports to CSV with one flat column per property' {
        $csv = Get-LoopbackEndpoint -Port $l.LocalEndpoint.Port | ConvertTo-Csv -NoTypeInformation
        $header = $csv[0] -replace '"', '' -split ','
        foreach ($name in 'Protocol', 'AddressFamily', 'LocalAddress', 'LocalPort', 'RemoteAddress', 'RemotePort', 'State', 'Exposure',
            'PortCategory', 'InEphemeralRange', 'Service', 'ProcessId', 'ProcessName', 'ProcessPath', 'CommandLine', 'UserName', 'ProcessStartTime',
            'SocketUid', 'IPv6Only', 'Interface', 'ReceiveQueue', 'SendQueue') {
            $header | Should -Contain $name
        }
        $csv[1] | Should -Not -Match 'System\.'
        ($csv | ConvertFrom-Csv).LocalAddress | Should -Be '127.0.0.1'
    }

    It 'shows the kernel''s socket facts in the list view' {
        $dual = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::IPv6Any, 0)
        $dual.Server.DualMode = $true
        $dual.Start()
        try {
            $row = Get-LoopbackEndpoint -Port $dual.LocalEndpoint.Port -Listening
            $row.IPv6Only | Should -BeExactly $false
            $row.SocketUid | Should -Be ([uint32] (id -u))
            $row.SendQueue | Should -BeGreaterThan 0
            $text = $row | Format-List | Out-String
            foreach ($label in 'SocketUid', 'IPv6Only', 'Interface', 'ReceiveQueue', 'SendQueue') { $text | Should -Match "(?m)^$label\s+:" }
            $text | Should -Match '(?m)^IPv6Only\s+: False'
        }
        finally { $dual.Stop() }
    }

    It 'keeps its table view after Export-Clixml and Import-Clixml' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-$([guid]::NewGuid()).xml"
        try {
            Get-LoopbackEndpoint -Port $l.LocalEndpoint.Port | Export-Clixml $file
            $back = Import-Clixml $file
            $back.pstypenames | Should -Contain 'Deserialized.LoopbackTools.Endpoint'
            $text = $back | Format-Table | Out-String
            $text | Should -Match 'LocalEndpoint'
            $text | Should -Match ([regex]::Escape("127.0.0.1:$($l.LocalEndpoint.Port)"))
            $back.Id | Should -Be $PID
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'has a default table view within the window' {
        $lines = Get-LoopbackEndpoint -Port $l.LocalEndpoint.Port | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
        @($lines -match '^Proto\s+LocalEndpoint\s+RemoteEndpoint\s+State\s+PID\s+ProcessName').Count | Should -Be 1
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}

Describe 'Get-LoopbackEndpoint on a link-local address (in a network namespace with a veth pair)' {
    It 'keeps the scope of the address by name, as ss does' {
        $setup = 'ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up && ip addr add fe80::1/64 dev v0 nodad'
        $json = Invoke-PwshInNetworkNamespace -Setup $setup -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$v0 = [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | Where-Object Name -eq 'v0'
$index = $v0.GetIPProperties().GetIPv6Properties().Index
$address = [System.Net.IPAddress]::Parse('fe80::1')
$address.ScopeId = $index
$l = [System.Net.Sockets.TcpListener]::new($address, 0)
$l.Start()
Get-LoopbackEndpoint -All -Listening -Port $l.LocalEndpoint.Port | Select-Object LocalAddress, Interface, Exposure | ConvertTo-Json -EnumsAsStrings
$l.Stop()
'@
        $row = $json | ConvertFrom-Json
        $row.LocalAddress | Should -Be 'fe80::1%v0'
        $row.Interface | Should -Be 'v0'
        $row.Exposure | Should -Be 'SpecificInterface'
    }
}

Describe 'Get-LoopbackEndpoint input errors' {
    It 'rejects port <Port> as a parameter validation error' -TestCases @(@{ Port = 70000 }, @{ Port = -1 }) {
        { Get-LoopbackEndpoint -Port $Port -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LoopbackTools.Commands.GetLoopbackEndpointCommand'
    }

    It 'rejects an unknown state and lists the valid ones' {
        $err = { Get-LoopbackEndpoint -State Sleeping -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgument*,LoopbackTools.Commands.GetLoopbackEndpointCommand'
        $err.Exception.Message | Should -Match 'Listen'
        $err.Exception.Message | Should -Match 'TimeWait'
    }

    It 'returns nothing, without error, when nothing matches' {
        $free = New-TestTcpListener '127.0.0.1'; $port = $free.LocalEndpoint.Port; $free.Stop()
        $errors = $null
        $rows = @(Get-LoopbackEndpoint -Port $port -State Listen -ErrorVariable errors)
        $rows.Count | Should -Be 0
        $errors.Count | Should -Be 0
    }
}
