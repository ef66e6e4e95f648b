# The default views of every object the module emits, rendered by PowerShell itself: at 80 columns (CI logs, tmux,
# `pwsh -Command` without a terminal) and at 120, locally and as rows that came back from remoting (deserialized, enums
# as strings, PSComputerName added). Assertions read the header and the lines, never a hand-written expectation of
# layout beyond the column names.

BeforeDiscovery {
    # Name, the header of its default view (a table's header line, or the first line of a message card), the text one
    # of its rows must show whole at 80 columns, and whether the table has columns that grow with the window.
    $script:Cases = @(
        @{
            Name = 'Endpoint'; Grows = $true
            Header = '^Proto\s+LocalEndpoint\s+RemoteEndpoint\s+State\s+PID\s+ProcessName$'
            Row = '^Tcp\s+0\.0\.0\.0:{port}\s+Listen\s+{pid}\s+\S'
        }
        @{
            Name = 'EndpointChange'; Grows = $true
            Header = '^Change\s+Proto\s+LocalEndpoint\s+RemoteEndpoint\s+PID\s+ProcessName\s+Detail$'
            Row = '^Added\s+Tcp\s+127\.0\.0\.1:{port}\s+127\.0\.0\.1:\d+\s+{pid}\s+\S+\s+Established$'
        }
        @{
            Name = 'AuditFinding'; Grows = $false
            Header = '^Medium\s+ExposedListener\s+Tcp 0\.0\.0\.0:{port}\s+\S+ \(PID {pid}\)$'
            Row = '^\s{8}\S'
        }
        @{
            Name = 'PortConflict'; Grows = $false
            Header = '^Error\s+InUse\s+Tcp port {port}\s+\S+ \(PID {pid}\)$'
            Row = '^\s{8}TCP port {port} is already in use'
        }
        @{
            Name = 'PortInfo'; Grows = $true
            Header = '^Proto\s+Endpoint\s+Category\s+Service\s+Ranges\s+Used\s+ProcessName$'
            Row = '^Tcp\s+{port}\s'
        }
        @{
            Name = 'EphemeralPortUsage'; Grows = $true
            Header = '^Proto\s+LocalAddress\s+Destination\s+InUse\s+TimeWait\s+Used%\s+TopProcesses$'
            Row = '^Tcp\s+127\.0\.0\.1\s+127\.0\.0\.1:{port}\s+1\s'
        }
        @{
            Name = 'EphemeralPortSummary'; Grows = $true
            Header = '^Proto\s+Range\s+PortsInUse\s+Used%\s+Established\s+TimeWait\s+CloseWait\s+Busiest$'
            Row = '^Tcp\s+\d+-\d+\s+\d+'
        }
        @{
            Name = 'PortRange'; Grows = $true
            Header = '^Proto\s+Kind\s+StartPort\s+EndPort\s+Count\s+Admin\s+Source$'
            Row = '^Tcp\s+Ephemeral\s+\d+\s+\d+'
        }
        @{
            Name = 'PortTestResult'; Grows = $true
            Header = '^Target\s+Address\s+Port\s+Proto\s+Status\s+LatencyMs\s+PID\s+ProcessName$'
            Row = '^localhost\s+127\.0\.0\.1\s+{port}\s+Tcp\s+Open\s+[\d.]+\s+{pid}\s+\S'
        }
        @{
            Name = 'FreePort'; Grows = $false
            Header = '^\s*Port\s+Protocol\s+AddressFamily$'
            Row = '^\s*\d+\s+Tcp\s+Both$'
        }
        @{
            Name = 'LoopbackListener'; Grows = $true
            Header = '^\s*Id\s+Proto\s+Endpoint\s+Connections\s+BytesReceived\s+BytesSent\s+Mode\s+Running$'
            Row = '^\s*\d+\s+Tcp\s+\[::1\]:\d+\s+0\s+0\s+0\s+Echo\s+True$'
        }
    )
}

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # A listener on every address with one connection to it: listener, connection and ephemeral-port rows of our own.
    $script:listener = New-TestTcpListener '0.0.0.0'
    $script:port = $listener.LocalEndpoint.Port
    $script:client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
    $client.Connect('127.0.0.1', $port)
    $script:server = $listener.AcceptTcpClient()
    $script:echo = Start-LoopbackListener -Address '::1'

    $script:Objects = @{
        Endpoint = @(Get-LoopbackEndpoint -Port $port 3>$null)
        EndpointChange = @(Compare-LoopbackBaseline -Baseline @() -AllowEmptyBaseline -Current (Get-LoopbackEndpoint -Port $port 3>$null) 3>$null)
        AuditFinding = @(Invoke-LoopbackAudit -Rule ExposedListener 3>$null | Where-Object LocalPort -EQ $port)
        PortConflict = @(Find-PortConflict -Port $port 3>$null | Where-Object Kind -EQ 'InUse')
        PortInfo = @(Get-PortInfo $port, "localhost:$port" 3>$null)
        EphemeralPortUsage = @(Get-EphemeralPortUsage -Protocol Tcp 3>$null | Where-Object RemotePort -EQ $port)
        EphemeralPortSummary = @(Get-EphemeralPortUsage -Summary 3>$null)
        PortRange = @(Get-EphemeralPortRange; Get-ReservedPortRange)
        PortTestResult = @(Test-LocalPort $port 3>$null)
        FreePort = @(Get-FreeLocalPort -Count 2 -Protocol Tcp)
        LoopbackListener = @(Get-LoopbackListener -Id $echo.Id)
    }

    function Resolve-Pattern([string] $Pattern) { $Pattern.Replace('{port}', "$port").Replace('{pid}', "$PID") }

    function Get-HeaderIndex([string[]] $Lines, [string] $Pattern) {
        for ($i = 0; $i -lt $Lines.Count; $i++) { if ($Lines[$i] -match $Pattern) { return $i } }
        -1
    }

    # What remoting hands back: the objects through the remoting serializer (type names Deserialized.*, enums as
    # strings), with the two note properties Invoke-Command adds. Two hosts, one after the other.
    function ConvertTo-RemoteRow([object[]] $InputObject) {
        foreach ($computer in 'web01.example.org', 'db02') {
            $xml = [System.Management.Automation.PSSerializer]::Serialize($InputObject)
            $copies = [System.Management.Automation.PSSerializer]::Deserialize($xml)
            foreach ($copy in $copies) {
                $copy | Add-Member -NotePropertyName PSComputerName -NotePropertyValue $computer
                $copy | Add-Member -NotePropertyName PSShowComputerName -NotePropertyValue $true
                $copy
            }
        }
    }
}

AfterAll {
    $server.Dispose(); $client.Dispose(); $listener.Stop()
    Stop-LoopbackListener -Id $echo.Id -ErrorAction SilentlyContinue
}

Describe 'Default views at <_> columns' -ForEach 80, 120 {
    BeforeAll { $script:Width = $_ }

    It '<Name>: names the computer, shows its key columns and keeps every line within the width' -TestCases $Cases {
        $objects = $Objects[$Name]
        $objects.Count | Should -BeGreaterThan 0 -Because "the test made a $Name to show"
        $lines = @($objects | Out-String -Width $Width -Stream)

        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
        $lines | Should -Contain "   ComputerName: $([Environment]::MachineName)"
        $header = Get-HeaderIndex $lines (Resolve-Pattern $Header)
        $header | Should -BeGreaterOrEqual 0 -Because "the header of the $Name view is there: $($lines -join "`n")"
        @($lines | Where-Object { $_ -match (Resolve-Pattern $Row) }).Count | Should -BeGreaterThan 0 -Because ($lines -join "`n")
    }
}

Describe 'Long values at 80 columns' {
    It 'Endpoint: an IPv4-mapped IPv6 endpoint keeps its port, on a second line' {
        $v6 = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::IPv6Any, 0)
        $v6.Server.DualMode = $true
        $v6.Start()
        $c = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
        try {
            $p = $v6.LocalEndpoint.Port
            $c.Connect('127.0.0.1', $p)
            $accepted = $v6.AcceptTcpClient()
            $rows = @(Get-LoopbackEndpoint -Port $p -State Established 3>$null | Where-Object LocalPort -EQ $p)
            $rows.LocalAddress | Should -Be '::ffff:127.0.0.1'
            $text = $rows | Out-String -Width 80
            $text | Should -Match '(?m)^Tcp\s+\[::ffff:127\.0\.0\.1\]\s'
            $text | Should -Match "(?m)^\s{6}:$p\s"
            $text | Should -Not -Match ([char] 0x2026)
            $accepted.Dispose()
        }
        finally { $c.Dispose(); $v6.Stop() }
    }
}

Describe 'Default tables use the window' {
    It '<Name>: its growing columns are wider at 120 columns than at 80' -TestCases ($Cases | Where-Object Grows) {
        # The widest line: the columns after a growing one move right, or the growing last column unwraps its text.
        $objects = $Objects[$Name]
        $at80 = ($objects | Out-String -Width 80 -Stream | Measure-Object -Property Length -Maximum).Maximum
        $at120 = ($objects | Out-String -Width 120 -Stream | Measure-Object -Property Length -Maximum).Maximum
        $at120 | Should -BeGreaterThan $at80
    }

    It 'EndpointChange: a watch names the time of its read in the group header, beside the computer' {
        $time = [datetime]::new(2026, 11, 27, 13, 4, 5)
        $change = [LoopbackTools.EndpointChange]@{
            Time = $time; ChangeType = 'Changed'; Protocol = 'Tcp'; LocalAddress = '0.0.0.0'; LocalPort = 8080; State = 'Listen'
            ProcessId = 42; ProcessName = 'python3'; OldLocalAddress = '127.0.0.1'; OldProcessId = 41; ChangedProperties = 'LocalAddress'
        }
        $lines = @($change | Out-String -Width 80 -Stream)
        $lines | Should -Contain "   ComputerName: $([Environment]::MachineName)   Time: 13:04:05"
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        # The detail is word-wrapped in its 11 columns: each line of the cell ends with a whole word.
        foreach ($end in 'from', '127\.0\.0\.1;', 'PID was 41') {
            @($lines -match "\s$end$").Count | Should -Be 1 -Because ($lines -join "`n")
        }
    }
}

Describe 'Rows that came back from remoting' {
    It '<Name>: each host is named in a group header, with no 1-character PSComputerName column' -TestCases $Cases {
        $remote = @(ConvertTo-RemoteRow $Objects[$Name])
        $remote[0].pstypenames[0] | Should -Be "Deserialized.LoopbackTools.$Name"
        $lines = @($remote | Out-String -Width 80 -Stream)

        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $lines | Should -Contain '   ComputerName: web01.example.org'
        $lines | Should -Contain '   ComputerName: db02'
        ($lines -join "`n") | Should -Not -Match 'PSComputerName'
        # Enums arrive as strings and ints stay ints: the same header and rows as local objects.
        Get-HeaderIndex $lines (Resolve-Pattern $Header) | Should -BeGreaterOrEqual 0 -Because ($lines -join "`n")
        @($lines | Where-Object { $_ -match (Resolve-Pattern $Row) }).Count | Should -BeGreaterThan 0 -Because ($lines -join "`n")
    }

    It 'groups by the host the row came from even when every host reports the same machine name' {
        # The fleet lab's network namespaces share one host name: only PSComputerName tells their rows apart.
        $remote = @(ConvertTo-RemoteRow $Objects.Endpoint)
        ($remote.ComputerName | Sort-Object -Unique) | Should -Be ([Environment]::MachineName)
        $groups = @($remote | Out-String -Width 80 -Stream | Where-Object { $_ -match '^   ComputerName: ' })
        $groups | Should -Be @('   ComputerName: web01.example.org', '   ComputerName: db02')
    }

    It 'keeps ComputerName and PSComputerName readable in a list' {
        $text = ConvertTo-RemoteRow $Objects.Endpoint[0] | Select-Object -First 1 | Format-List | Out-String -Width 80
        $text | Should -Match "(?m)^ComputerName\s+: $([regex]::Escape([Environment]::MachineName))\s*$"
        $text | Should -Match '(?m)^PSComputerName\s+: web01\.example\.org\s*$'
    }
}

Describe 'Views in pwsh -NonInteractive -Command without a terminal' {
    BeforeAll {
        # A real child pwsh with its output redirected: no console, so PowerShell formats at its default 80 columns.
        $script:Sections = @{}
        $script:ChildWidth = $null
        $code = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:LOOPBACKTOOLS_MODULE
$l = [System.Net.Sockets.TcpListener]::new([ipaddress]::Any, 0); $l.Start(); $port = $l.LocalEndpoint.Port
$c = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork); $c.Connect('127.0.0.1', $port)
$s = $l.AcceptTcpClient()
[Console]::Out.WriteLine("=== Width $($Host.UI.RawUI.BufferSize.Width) $port $PID")
[Console]::Out.WriteLine('=== Endpoint'); Get-LoopbackEndpoint -Port $port 3>$null | Out-Default
[Console]::Out.WriteLine('=== AuditFinding'); Invoke-LoopbackAudit -Rule ExposedListener 3>$null | Where-Object LocalPort -EQ $port | Out-Default
[Console]::Out.WriteLine('=== PortConflict'); Find-PortConflict -Port $port 3>$null | Where-Object Kind -EQ InUse | Out-Default
[Console]::Out.WriteLine('=== PortTestResult'); Test-LocalPort $port 3>$null | Out-Default
[Console]::Out.WriteLine('=== EphemeralPortUsage'); Get-EphemeralPortUsage -Protocol Tcp 3>$null | Where-Object RemotePort -EQ $port | Out-Default
[Console]::Out.WriteLine('=== end')
$s.Dispose(); $c.Dispose(); $l.Stop()
'@
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-views-$([guid]::NewGuid()).ps1"
        Set-Content -Path $file -Value $code
        $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($a in [System.Reflection.Assembly]::GetEntryAssembly().Location, '-NoProfile', '-NonInteractive', '-Command', "& '$file'") {
            $psi.ArgumentList.Add($a)
        }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['NO_COLOR'] = '1'
        $psi.Environment.Remove('COLUMNS') | Out-Null
        $psi.Environment['LOOPBACKTOOLS_MODULE'] = $env:LOOPBACKTOOLS_MODULE
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit((Get-ReadinessTimeout -Seconds 120))) { throw 'the child pwsh did not finish' }
            $process.WaitForExit()
            if ($process.ExitCode -ne 0) { throw "the child pwsh failed ($($process.ExitCode)): $($stderr.Result)" }
        }
        finally { Stop-ChildProcess $process; Remove-Item $file -ErrorAction SilentlyContinue }

        $current = $null
        foreach ($line in $stdout.Result -split '\r?\n') {
            if ($line -match '^=== Width (\d+) (\d+) (\d+)$') {
                $script:ChildWidth = [int] $Matches[1]; $script:ChildPort = $Matches[2]; $script:ChildPid = $Matches[3]
                continue
            }
            if ($line -match '^=== (\w+)$') {
                $current = $Matches[1]
                $Sections[$current] = [System.Collections.Generic.List[string]]::new()
                continue
            }
            if ($current) { $Sections[$current].Add($line) }
        }
    }

    It 'formats at 80 columns' {
        $ChildWidth | Should -Be 80
    }

    It '<Name>: its default view fits 80 columns and shows its key columns' -TestCases (
        $Cases | Where-Object Name -In 'Endpoint', 'AuditFinding', 'PortConflict', 'PortTestResult', 'EphemeralPortUsage') {
        $lines = @($Sections[$Name])
        $lines.Count | Should -BeGreaterThan 0
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $header = $Header.Replace('{port}', $ChildPort).Replace('{pid}', $ChildPid)
        @($lines | Where-Object { $_ -match $header }).Count | Should -Be 1 -Because ($lines -join "`n")
        $row = $Row.Replace('{port}', $ChildPort).Replace('{pid}', $ChildPid)
        @($lines | Where-Object { $_ -match $row }).Count | Should -BeGreaterThan 0 -Because ($lines -join "`n")
    }
}
