BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # A pre-fork server: the master listens, then forks three workers that inherit the listener. The workers die with
    # the master (PR_SET_PDEATHSIG) unless $Orphans, and exit by themselves after 120 s either way.
    function Start-PreForkServer {
        param([switch] $Orphans)
        $deathSignal = if ($Orphans) { 'pass' } else { 'ctypes.CDLL(None).prctl(1, 9)' }
        $code = @"
import ctypes, os
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
kids = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        $deathSignal
        time.sleep(120); os._exit(0)
    kids.append(pid)
print(s.getsockname()[1], *kids)
"@
        $child = Start-PythonSocketProcess -Code $code -Marker 'lbt-prefork'
        $numbers = [int[]] ($child.Line -split ' ')
        [pscustomobject]@{
            Process = $child.Process
            Port    = $numbers[0]
            Holders = [int[]] (@($child.Process.Id) + ($numbers[1..3] | Sort-Object))
        }
    }
}

Describe 'A listener held by a pre-fork server' {
    BeforeAll { $script:server = Start-PreForkServer }
    AfterAll { Stop-ChildProcess $server.Process }

    It 'is one row that lists every holder with the master first, in 10 of 10 reads' {
        for ($run = 0; $run -lt 10; $run++) {
            $rows = @(Get-LoopbackEndpoint -Port $server.Port -Listening)
            $rows.Count | Should -Be 1
            $rows[0].ProcessId | Should -Be $server.Process.Id
            @($rows[0].ProcessIds) | Should -Be $server.Holders
            $rows[0].ProcessCount | Should -Be 4
            $rows[0].ProcessIds | Should -BeOfType [int]
        }
    }

    It 'is found by -ProcessId and -ProcessName of any holder, still naming the master' {
        $row = Get-LoopbackEndpoint -Port $server.Port -Listening -ProcessId $server.Holders[2]
        $row.ProcessId | Should -Be $server.Process.Id
        $row = Get-LoopbackEndpoint -Port $server.Port -Listening -ProcessName 'python*'
        $row.ProcessId | Should -Be $server.Process.Id
        @(Get-LoopbackEndpoint -Port $server.Port -Listening -ProcessId 999999999).Count | Should -Be 0
    }

    It 'writes ProcessIds as one flat CSV column and as a JSON array' {
        $csv = Get-LoopbackEndpoint -Port $server.Port -Listening | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.ProcessIds | Should -Be ($server.Holders -join ',')
        $csv.ProcessCount | Should -Be '4'
        $json = Get-LoopbackEndpoint -Port $server.Port -Listening | ConvertTo-Json | ConvertFrom-Json
        @($json.ProcessIds) | Should -Be $server.Holders
    }

    It 'shows ProcessIds and ProcessCount in the list view' {
        $text = Get-LoopbackEndpoint -Port $server.Port -Listening | Format-List | Out-String -Width 200
        $text | Should -Match ("(?m)^ProcessIds\s+: " + ($server.Holders -join ',') + '\s*$')
        $text | Should -Match '(?m)^ProcessCount\s+: 4\s*$'
    }

    It 'compares with a baseline of itself without a change, 10 times, as objects and through CSV' {
        $baseline = Get-LoopbackEndpoint -Port $server.Port -Listening
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-holders-$([guid]::NewGuid()).csv"
        try {
            $baseline | Export-Csv -Path $file -NoTypeInformation
            for ($run = 0; $run -lt 10; $run++) {
                $current = Get-LoopbackEndpoint -Port $server.Port -Listening
                @(Compare-LoopbackBaseline -Baseline $baseline -Current $current).Count | Should -Be 0
                @(Compare-LoopbackBaseline -Path $file -Current $current).Count | Should -Be 0
            }
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'audits against a baseline of itself without drift, 10 times' {
        $baseline = Get-LoopbackEndpoint -Listening
        for ($run = 0; $run -lt 10; $run++) {
            @(Invoke-LoopbackAudit -Rule BaselineDrift -Baseline $baseline -WarningAction SilentlyContinue |
                Where-Object LocalPort -EQ $server.Port).Count | Should -Be 0
        }
    }

    It 'reports nothing over 50 watch polls' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port)
                Import-Module $module
                Watch-LoopbackEndpoint -Port $port -Listening -Interval 0.05 -Duration '00:05:00' -Verbose
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($server.Port)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while (@($shell.Streams.Verbose | Where-Object Message -Match '^Poll \d+:').Count -lt 50 -and $clock.Elapsed.TotalSeconds -lt 240) {
                if ($async.IsCompleted) { break }
                Start-Sleep -Milliseconds 200
            }
            $shell.Stop()
            $polls = @($shell.Streams.Verbose | Where-Object Message -Match '^Poll \d+:')
            $polls.Count | Should -BeGreaterOrEqual 50
            $polls | Where-Object Message -NotMatch ', 0 changes\.$' | Should -BeNullOrEmpty
            $output.Count | Should -Be 0
        }
        finally { $shell.Dispose() }
    }
}

Describe 'Stopping every holder' {
    It 'hands every holder to Stop-Process through ForEach-Object ProcessIds' {
        # Workers that outlive their master: stopping only the ProcessId would leave them running.
        $server = Start-PreForkServer -Orphans
        try {
            Get-LoopbackEndpoint -Port $server.Port -Listening | ForEach-Object -MemberName ProcessIds | Stop-Process -Id { $_ } -Confirm:$false
            $server.Process.WaitForExit(5000) | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while (@(Get-Process -Id $server.Holders -ErrorAction SilentlyContinue).Count -gt 0 -and $clock.Elapsed.TotalSeconds -lt 10) {
                Start-Sleep -Milliseconds 100
            }
            @(Get-Process -Id $server.Holders -ErrorAction SilentlyContinue).Count | Should -Be 0
        }
        finally {
            Get-Process -Id $server.Holders -ErrorAction SilentlyContinue | Stop-Process -Force -ErrorAction SilentlyContinue
            Stop-ChildProcess $server.Process
        }
    }
}

Describe 'A listener handed to a child with SCM_RIGHTS' {
    BeforeAll {
        # The child is forked before the listener exists: it holds it only because the parent sends it.
        $code = @'
import ctypes, os
a, b = socket.socketpair()
pid = os.fork()
if pid == 0:
    ctypes.CDLL(None).prctl(1, 9)
    a.close()
    msg, fds, flags, addr = socket.recv_fds(b, 16, 1)
    held = socket.socket(fileno=fds[0])
    b.send(b'k')
    time.sleep(120); os._exit(0)
b.close()
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
socket.send_fds(a, [b'x'], [s.fileno()])
a.recv(1)
print(s.getsockname()[1], pid)
'@
        $script:parent = Start-PythonSocketProcess -Code $code -Marker 'lbt-handoff'
        $script:port, $script:receiver = [int[]] ($parent.Line -split ' ')
    }
    AfterAll { Stop-ChildProcess $parent.Process }

    It 'is one row with both holders and the parent first, in 10 of 10 reads' {
        for ($run = 0; $run -lt 10; $run++) {
            $rows = @(Get-LoopbackEndpoint -Port $port -Listening)
            $rows.Count | Should -Be 1
            $rows[0].ProcessId | Should -Be $parent.Process.Id
            @($rows[0].ProcessIds) | Should -Be @($parent.Process.Id, $receiver)
        }
    }
}
