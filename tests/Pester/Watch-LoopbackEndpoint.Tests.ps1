BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force
}

Describe 'Watch-LoopbackEndpoint' {
    It 'yields Added then Removed for a listener that starts and stops during the watch' {
        # The child names itself first, waits, listens for a few seconds, then exits: the watch, filtered on its
        # name, sees it appear and disappear. -Duration bounds the test if something goes wrong.
        $code = @'
import ctypes, socket, time
ctypes.CDLL(None).prctl(15, ctypes.c_char_p(b"lbt-watched"), 0, 0, 0)
print("ready", flush=True)
time.sleep(2)
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
time.sleep(4)
s.close()
time.sleep(30)
'@
        $child = Start-PythonChild -Code $code
        try {
            $changes = @(Watch-LoopbackEndpoint -Listening -ProcessName 'lbt-watch*' -Interval 0.3 -Count 2 -Duration '00:00:40')
            $changes.Count | Should -Be 2
            $changes[0].ChangeType | Should -Be 'Added'
            $changes[1].ChangeType | Should -Be 'Removed'
            $changes[0].ProcessId | Should -Be $child.Process.Id
            $changes[0].ProcessName | Should -Be 'lbt-watched'
            $changes[1].LocalPort | Should -Be $changes[0].LocalPort
            $changes[0].Time | Should -BeOfType ([datetime])
            $changes[1].Time | Should -BeGreaterThan $changes[0].Time
            $changes[0].pstypenames[0] | Should -Be 'LoopbackTools.EndpointChange'
        }
        finally { Stop-ChildProcess $child.Process }
    }

    It 'sees an accepted connection appear and change state' {
        $listener = New-TestTcpListener '127.0.0.1'
        $port = $listener.LocalEndpoint.Port
        # The client's port is chosen up front so the watch can filter on this one connection: on a shared machine
        # other programs may connect to any listening port (a handshake completes without accept()).
        $clientPort = Get-UnusedTcpPort
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port, $clientPort)
                Import-Module $module
                Watch-LoopbackEndpoint -Port $port -RemotePort $clientPort -State Established, CloseWait -Interval 0.2 -Duration '00:00:30' -Count 2
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($port).AddArgument($clientPort)
            $async = $shell.BeginInvoke()
            Start-Sleep -Seconds 2
            $client = [System.Net.Sockets.TcpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $clientPort))
            $client.Connect('127.0.0.1', $port)
            $server = $listener.AcceptTcpClient()
            Start-Sleep -Seconds 2
            $client.Dispose()     # the client closes first: the server's accepted socket goes to CloseWait
            $changes = @($shell.EndInvoke($async))
            $changes.Count | Should -Be 2
            $changes[0].ChangeType | Should -Be 'Added'
            $changes[0].State | Should -Be 'Established'
            $changes[0].RemotePort | Should -Be $clientPort
            $changes[1].ChangeType | Should -Be 'Changed'
            $changes[1].OldState | Should -Be 'Established'
            $changes[1].State | Should -Be 'CloseWait'
            $changes[1].ChangedProperties | Should -Be 'State'
        }
        finally {
            $shell.Dispose()
            if ($server) { $server.Dispose() }
            if ($client) { $client.Dispose() }
            $listener.Stop()
        }
    }

    It 'ends after -Duration with nothing to report' {
        $port = Get-UnusedTcpPort
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $changes = @(Watch-LoopbackEndpoint -Port $port -Listening -NoOwner -Interval 0.2 -Duration '00:00:01')
        $clock.Stop()
        $changes.Count | Should -Be 0
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'stops at once on Ctrl+C, even in the middle of a long interval' {
        $port = Get-UnusedTcpPort
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port)
                Import-Module $module
                Watch-LoopbackEndpoint -Port $port -Listening -NoOwner -Interval 3600
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($port)
            $async = $shell.BeginInvoke()
            Start-Sleep -Seconds 2   # past the first read: the watch is now asleep until its next poll
            $shell.InvocationStateInfo.State | Should -Be 'Running'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()          # what Ctrl+C does to the pipeline
            $clock.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'StopProcessing wakes the sleep instead of waiting out the hour'
        }
        finally { $shell.Dispose() }
    }

    It 'rejects a zero duration with InvalidDuration and a too-short interval' {
        { Watch-LoopbackEndpoint -Duration '00:00:00' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDuration,LoopbackTools.Commands.WatchLoopbackEndpointCommand'
        { Watch-LoopbackEndpoint -Interval 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LoopbackTools.Commands.WatchLoopbackEndpointCommand'
        { Watch-LoopbackEndpoint -Count 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,LoopbackTools.Commands.WatchLoopbackEndpointCommand'
    }
}
