BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-ReleasedPort {
        $s = New-TestTcpListener '127.0.0.1'; $p = $s.LocalEndpoint.Port; $s.Stop(); $p
    }

    # A listener whose accept queue (backlog 0) holds one connection nobody accepts: Linux drops further SYNs,
    # so a connect to it hangs until the caller's timeout. The filler must stay open while it is used.
    function New-FullBacklogListener {
        $socket = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $socket.Bind([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
        $socket.Listen(0)
        $filler = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $filler.Connect([ipaddress]::Loopback, $socket.LocalEndPoint.Port)
        [pscustomobject]@{ Socket = $socket; Filler = $filler; Port = $socket.LocalEndPoint.Port }
    }

    function Get-SynSentCount([int] $Port) {
        @(Get-LoopbackEndpoint -All -NoOwner -Protocol Tcp -RemotePort $Port -State SynSent).Count
    }
}

Describe 'Test-LocalPort with a server on one family only' {
    BeforeAll {
        $script:v4 = New-TestTcpListener '127.0.0.1'
        $script:v6 = New-TestTcpListener '::1'
    }
    AfterAll { $v4.Stop(); $v6.Stop() }

    It 'reports 127.0.0.1 Open and ::1 Refused for localhost, and warns when localhost resolves to ::1 first' {
        $port = $v4.LocalEndpoint.Port
        $warnings = $null
        $verbose = @(Test-LocalPort $port -Verbose 4>&1 -WarningAction SilentlyContinue |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $results = @(Test-LocalPort $port -WarningVariable warnings -WarningAction SilentlyContinue)
        $results.Count | Should -Be 2
        ($results | Where-Object Address -eq '127.0.0.1').Status | Should -Be 'Open'
        ($results | Where-Object Address -eq '::1').Status | Should -Be 'Refused'
        $results.Target | Sort-Object -Unique | Should -Be 'localhost'
        $results.ComputerName | Sort-Object -Unique | Should -Be ([Environment]::MachineName)
        $results[0].PSObject.TypeNames[0] | Should -Be 'LoopbackTools.PortTestResult'
        # Clients that walk the resolver's answer reach 127.0.0.1 at once unless it puts ::1 first (as Find-PortConflict
        # judges it); otherwise the split is only a -Verbose note.
        if ([System.Net.Dns]::GetHostAddresses('localhost')[0].AddressFamily -eq 'InterNetworkV6') {
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -Match "answers on 127\.0\.0\.1 but is refused on ::1"
        }
        else {
            $warnings.Count | Should -Be 0
            ($verbose.Message -match "answers on 127\.0\.0\.1 but is refused on ::1").Count | Should -Be 1
        }
        Test-LocalPort $port -Quiet -WarningAction SilentlyContinue | Should -BeExactly $true
    }

    It 'reports ::1 Open and 127.0.0.1 Refused for localhost, and warns when localhost resolves to 127.0.0.1 first' {
        $port = $v6.LocalEndpoint.Port
        $warnings = $null
        $results = @(Test-LocalPort $port -WarningVariable warnings -WarningAction SilentlyContinue)
        ($results | Where-Object Address -eq '::1').Status | Should -Be 'Open'
        ($results | Where-Object Address -eq '::1').AddressFamily | Should -Be 'IPv6'
        ($results | Where-Object Address -eq '127.0.0.1').Status | Should -Be 'Refused'
        if ([System.Net.Dns]::GetHostAddresses('localhost')[0].AddressFamily -eq 'InterNetwork') {
            $warnings[0].Message | Should -Match 'answers on ::1 but is refused on 127\.0\.0\.1'
        }
        else { $warnings.Count | Should -Be 0 }
        Test-LocalPort $port -Quiet -WarningAction SilentlyContinue | Should -BeExactly $true
    }

    It 'names the listening process and measures latency' {
        $r = Test-LocalPort $v4.LocalEndpoint.Port -ComputerName 127.0.0.1
        $r.IsOpen | Should -BeTrue
        $r.ProcessId | Should -Be $PID
        $r.ProcessName | Should -Not -BeNullOrEmpty
        $r.LatencyMs | Should -BeGreaterThan 0
        $r.Protocol | Should -Be 'Tcp'
    }

    It 'does not warn when both families answer' {
        # A dual-stack wildcard listener answers on ::1 and on 127.0.0.1: nothing to warn about.
        $dual = [System.Net.Sockets.TcpListener]::new([ipaddress]::IPv6Any, 0)
        $dual.Server.DualMode = $true
        $dual.Start()
        try {
            $warnings = $null
            $results = @(Test-LocalPort $dual.LocalEndpoint.Port -WarningVariable warnings)
            $results.Status | Should -Be @('Open', 'Open')
            $results.ProcessId | Should -Be @($PID, $PID)
            $warnings.Count | Should -Be 0
        }
        finally { $dual.Stop() }
    }
}

Describe 'Test-LocalPort on closed and silent ports' {
    It 'reports a closed port Refused, far sooner than the timeout' {
        $port = Get-ReleasedPort
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = @(Test-LocalPort $port -TimeoutMs 20000)
        $watch.Stop()
        $results.Status | Sort-Object -Unique | Should -Be 'Refused'
        $watch.ElapsedMilliseconds | Should -BeLessThan 10000
        $results | ForEach-Object { $_.LatencyMs | Should -BeLessThan 10000 }
        Test-LocalPort $port -Quiet | Should -BeExactly $false
    }

    It 'honours -TimeoutMs against a listener whose accept queue is full' {
        $full = New-FullBacklogListener
        try {
            $r = Test-LocalPort $full.Port -ComputerName 127.0.0.1 -TimeoutMs 400
            $r.Status | Should -Be 'TimedOut'
            $r.IsOpen | Should -BeFalse
            $r.LatencyMs | Should -BeGreaterOrEqual 400
            $r.LatencyMs | Should -BeLessThan 4000
        }
        finally { $full.Filler.Dispose(); $full.Socket.Dispose() }
    }

    It 'shows a progress bar for a run longer than a second, and completes it' {
        $full = New-FullBacklogListener
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $port) Import-Module $m; Test-LocalPort -Port $port -ComputerName 127.0.0.1 -TimeoutMs 1600').
                AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($full.Port)
            $out = $ps.Invoke()
            $out.Status | Should -Be 'TimedOut'
            $records = @($ps.Streams.Progress)
            $records.Count | Should -BeGreaterThan 0
            $records[0].Activity | Should -Be 'Test-LocalPort'
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose(); $full.Filler.Dispose(); $full.Socket.Dispose() }
    }

    It 'shows no progress bar for a quick run' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m) Import-Module $m; Test-LocalPort -Port 1 -ComputerName 127.0.0.1').AddArgument($env:LOOPBACKTOOLS_MODULE)
            $null = $ps.Invoke()
            @($ps.Streams.Progress).Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }

    It 'stops promptly when the pipeline is stopped, leaving no probe socket open' {
        $full = New-FullBacklogListener
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m, $port) Import-Module $m; Test-LocalPort -Port $port -ComputerName 127.0.0.1 -TimeoutMs 60000').
                AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($full.Port)
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ((Get-SynSentCount $full.Port) -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Get-SynSentCount $full.Port | Should -BeGreaterOrEqual 1

            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $watch.ElapsedMilliseconds | Should -BeLessThan 5000
            $async.IsCompleted | Should -BeTrue
            Get-SynSentCount $full.Port | Should -Be 0
        }
        finally { $ps.Dispose(); $full.Filler.Dispose(); $full.Socket.Dispose() }
    }
}

Describe 'Test-LocalPort over UDP' {
    It 'reports a bound UDP socket Open from the socket table, and the other family Refused' {
        $udp = New-TestUdpSocket '127.0.0.1'
        try {
            $results = @(Test-LocalPort $udp.LocalEndPoint.Port -Protocol Udp -WarningAction SilentlyContinue)
            $open = $results | Where-Object Address -eq '127.0.0.1'
            $open.Status | Should -Be 'Open'
            $open.ProcessId | Should -Be $PID
            $open.Detail | Should -Match 'socket table'
            ($results | Where-Object Address -eq '::1').Status | Should -Be 'Refused'
        }
        finally { $udp.Dispose() }
    }

    It 'takes a dual-stack :: UDP socket as open on 127.0.0.1 too, and a v6-only one not' {
        $dual = [System.Net.Sockets.Socket]::new('InterNetworkV6', 'Dgram', 'Udp')
        $dual.DualMode = $true
        $dual.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::IPv6Any, 0))
        $v6only = New-TestUdpSocket '::'
        try {
            # The kernel reports the socket's IPV6_V6ONLY flag; before, the silent socket made 127.0.0.1 TimedOut.
            $results = @(Test-LocalPort $dual.LocalEndPoint.Port -Protocol Udp -TimeoutMs 1000 -WarningAction SilentlyContinue)
            $v4 = $results | Where-Object Address -eq '127.0.0.1'
            $v4.Status | Should -Be 'Open'
            $v4.Detail | Should -Match 'dual-stack'
            $v4.ProcessId | Should -Be $PID
            ($results | Where-Object Address -eq '::1').Status | Should -Be 'Open'
            $other = @(Test-LocalPort $v6only.LocalEndPoint.Port -Protocol Udp -TimeoutMs 1000 -WarningAction SilentlyContinue)
            ($other | Where-Object Address -eq '127.0.0.1').Status | Should -Be 'Refused'
            ($other | Where-Object Address -eq '::1').Status | Should -Be 'Open'
        }
        finally { $dual.Dispose(); $v6only.Dispose() }
    }

    It 'reports a closed UDP port Refused (ICMP port-unreachable)' {
        $udp = New-TestUdpSocket '127.0.0.1'; $port = $udp.LocalEndPoint.Port; $udp.Dispose()
        $r = Test-LocalPort $port -ComputerName 127.0.0.1 -Protocol Udp -TimeoutMs 5000
        $r.Status | Should -Be 'Refused'
        $r.LatencyMs | Should -BeLessThan 5000
    }
}

Describe 'Test-LocalPort pipeline input' {
    BeforeAll {
        $script:a = New-TestTcpListener '127.0.0.1'
        $script:b = New-TestTcpListener '127.0.0.1'
    }
    AfterAll { $a.Stop(); $b.Stop() }

    It 'takes ports by value' {
        $results = @($a.LocalEndpoint.Port, $b.LocalEndpoint.Port | Test-LocalPort -ComputerName 127.0.0.1)
        $results.Port | Should -Be @($a.LocalEndpoint.Port, $b.LocalEndpoint.Port)
        $results.Status | Should -Be @('Open', 'Open')
    }

    It 'takes LocalPort and Protocol from Get-LoopbackEndpoint, probing each port once' {
        $results = @(Get-LoopbackEndpoint -Listening -Protocol Tcp -Port $a.LocalEndpoint.Port, $b.LocalEndpoint.Port |
            Test-LocalPort -ComputerName 127.0.0.1)
        $results.Count | Should -Be 2
        $results.Status | Sort-Object -Unique | Should -Be 'Open'
    }

    It 'probes a piped endpoint where it listens, not on the computer its ComputerName names' {
        # ComputerName is this machine's name, which may resolve to an address the listener never bound (127.0.0.2 here).
        $only = New-TestTcpListener '127.0.0.2'
        try {
            $endpoint = Get-LoopbackEndpoint -Listening -Protocol Tcp -Port $only.LocalEndpoint.Port
            $endpoint.ComputerName | Should -Be ([Environment]::MachineName)
            $results = @($endpoint | Test-LocalPort)
            $results.Count | Should -Be 1
            $results[0].Target | Should -Be '127.0.0.2'
            $results[0].Status | Should -Be 'Open'

            # A result piped back is probed again on the name it was probed with.
            $again = @($results | Test-LocalPort)
            $again.Target | Should -Be '127.0.0.2'
            $again.Status | Should -Be 'Open'

            # -ComputerName on the command line wins over the piped object.
            (@($endpoint | Test-LocalPort -ComputerName 127.0.0.1)).Target | Should -Be '127.0.0.1'
        }
        finally { $only.Stop() }
    }

    It 'takes Port, ComputerName and Protocol from Import-Csv' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-ports-$([guid]::NewGuid()).csv"
        try {
            @(
                [pscustomobject]@{ Port = $a.LocalEndpoint.Port; ComputerName = '127.0.0.1'; Protocol = 'Tcp' }
                [pscustomobject]@{ Port = $b.LocalEndpoint.Port; ComputerName = '::1'; Protocol = 'Tcp' }
            ) | Export-Csv $file -NoTypeInformation
            $results = @(Import-Csv $file | Test-LocalPort)
            $results.Count | Should -Be 2
            $results[0].Address | Should -Be '127.0.0.1'
            $results[0].Status | Should -Be 'Open'
            $results[1].Address | Should -Be '::1'
            $results[1].Status | Should -Be 'Refused'
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'sweeps a range in port order and finds exactly the open ports' {
        $low = [Math]::Min($a.LocalEndpoint.Port, $b.LocalEndpoint.Port)
        $high = [Math]::Min(65535, $low + 400)
        $results = @(Test-LocalPort ($low..$high) -ComputerName 127.0.0.1 -ThrottleLimit 64)
        $results.Count | Should -Be ($high - $low + 1)
        $results.Port | Should -Be ($low..$high)
        foreach ($p in $a.LocalEndpoint.Port, $b.LocalEndpoint.Port) {
            if ($p -le $high) { ($results | Where-Object Port -eq $p).Status | Should -Be 'Open' }
        }
        # Every other Open port must really be listening on this machine.
        $listening = @(Get-LoopbackEndpoint -All -NoOwner -Listening -Protocol Tcp).LocalPort
        foreach ($r in $results | Where-Object IsOpen) { $listening | Should -Contain $r.Port }
    }
}

Describe 'Test-LocalPort refuses other hosts' {
    It 'refuses <Name> with a stable error before probing' -TestCases @(
        @{ Name = '192.0.2.1' }, @{ Name = 'example.com' }, @{ Name = '0.0.0.0' }, @{ Name = '2001:db8::1' }
    ) {
        $err = { Test-LocalPort 80 -ComputerName $Name -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ComputerNameNotLocal,LoopbackTools.Commands.TestLocalPortCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Name
        $err.Exception.Message | Should -Match 'Only this machine can be probed'
    }

    It 'sends nothing at all for refused names, proven in a fresh network namespace' -Skip:(-not $IsLinux) {
        $script = Join-Path $PSScriptRoot 'Netns/Test-LocalPortRefusal.ps1'
        $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $psi = [System.Diagnostics.ProcessStartInfo]::new('unshare')
        $inside = 'ip link set lo up && exec dotnet pwsh -NoProfile -NonInteractive -File "$0" -ModulePath "$1"'
        foreach ($arg in '-n', 'sh', '-c', $inside, $script, $env:LOOPBACKTOOLS_MODULE) {
            $psi.ArgumentList.Add($arg)
        }
        $psi.WorkingDirectory = $repo
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['NO_COLOR'] = '1'
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            $process.WaitForExit(120000) | Should -BeTrue
            $process.ExitCode | Should -Be 0 -Because $stderr.Result
            $report = $stdout.Result | ConvertFrom-Json
        }
        finally { Stop-ChildProcess $process }

        $report.ResultCount | Should -Be 0
        $report.CountersUnchanged | Should -BeTrue
        $report.ControlStatus | Should -Be 'Refused'
        $report.ControlMoved | Should -BeTrue
        # One error per name and call (TCP, then UDP), each naming the offending value.
        @($report.Errors).Count | Should -Be (2 * @($report.Names).Count)
        $report.Errors.ErrorId | Sort-Object -Unique | Should -Be 'ComputerNameNotLocal,LoopbackTools.Commands.TestLocalPortCommand'
        $report.Errors.Category | Sort-Object -Unique | Should -Be 'InvalidArgument'
        ($report.Errors.Target | Sort-Object -Unique) | Should -Be ($report.Names | Sort-Object -Unique)
    }

    It 'takes a bare number in the ComputerName position for a mistyped port list' {
        $err = { Test-LocalPort 80 8080 -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'Test-LocalPort 80,8080'
    }

    It 'accepts this host''s own name and its own interface addresses' {
        $hostName = [System.Net.Dns]::GetHostName()
        $r = @(Test-LocalPort (Get-ReleasedPort) -ComputerName $hostName -ErrorAction Stop)
        $r.Count | Should -BeGreaterThan 0
        $own = [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
            ForEach-Object { $_.GetIPProperties().UnicastAddresses } | ForEach-Object { $_.Address } |
            Where-Object { -not [ipaddress]::IsLoopback($_) -and $_.AddressFamily -eq 'InterNetwork' } | Select-Object -First 1
        if ($own) {
            (Test-LocalPort (Get-ReleasedPort) -ComputerName "$own" -ErrorAction Stop).Address | Should -Be "$own"
        }
    }

    It 'rejects port <Port> as a parameter validation error' -TestCases @(@{ Port = 0 }, @{ Port = 70000 }) {
        { Test-LocalPort -Port $Port -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LoopbackTools.Commands.TestLocalPortCommand'
    }
}

Describe 'Test-LocalPort output' {
    BeforeAll { $script:l = New-TestTcpListener '127.0.0.1' }
    AfterAll { $l.Stop() }

    It 'exports to CSV with one flat column per property' {
        $csv = Test-LocalPort $l.LocalEndpoint.Port -ComputerName 127.0.0.1 | ConvertTo-Csv -NoTypeInformation
        $header = $csv[0] -replace '"', '' -split ','
        foreach ($name in 'ComputerName', 'Target', 'Address', 'AddressFamily', 'Port', 'Protocol', 'Status', 'IsOpen', 'LatencyMs',
            'ProcessId', 'ProcessName') {
            $header | Should -Contain $name
        }
        $csv[1] | Should -Not -Match 'System\.'
    }

    It 'has a default table view within the window, also after deserialization' {
        $results = Test-LocalPort $l.LocalEndpoint.Port -WarningAction SilentlyContinue
        $lines = $results | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
        @($lines -match '^Target\s+Address\s+Port\s+Proto\s+Status\s+LatencyMs\s+PID\s+ProcessName').Count | Should -Be 1
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        $back = $results | ConvertTo-Json | ConvertFrom-Json
        $roundTrip = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($results))
        ($roundTrip | Format-Table | Out-String) | Should -Match 'LatencyMs'
        $back.Count | Should -Be 2
    }
}
