<#
    Wait-LocalPort against real servers: python3 children that start listening late, and listeners that close.
    Every wait runs with a timeout, so a broken wait fails the test instead of hanging it.
#>
BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force

    function script:Start-LateListener {
        <#
            A python3 child that reserves a port at once (bound, not listening: connects are refused and no other
            program can take it), prints it, and starts listening after DelaySeconds; it exits after 60 s more.
        #>
        param([double] $DelaySeconds, [string] $Name = 'lbt-late')
        $code = @'
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, ctypes.c_char_p(sys.argv[1].encode()), 0, 0, 0)
s = socket.socket(); s.bind(('127.0.0.1', 0))
print(s.getsockname()[1], flush=True)
time.sleep(float(sys.argv[2]))
s.listen()
time.sleep(60)
'@
        $child = Start-PythonChild -Code $code -Argument $Name, "$DelaySeconds"
        [pscustomobject]@{ Process = $child.Process; Port = [int] $child.Line }
    }

    function script:Get-Outcome {
        <# Runs $Command; its output, its errors and how long it took. #>
        param([scriptblock] $Command)
        $ErrorActionPreference = 'Continue'
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $all = @(& $Command 2>&1)
        [pscustomobject]@{
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Seconds = $clock.Elapsed.TotalSeconds
        }
    }
}

Describe 'Wait-LocalPort' {
    It 'returns the result of the address that answers once a late server starts listening' {
        $server = Start-LateListener -DelaySeconds 2 -Name 'lbt-late-a'
        try {
            $r = Get-Outcome { Wait-LocalPort -Port $server.Port -TimeoutSec 60 -IntervalMs 100 -WarningAction SilentlyContinue }
            $r.Errors.Count | Should -Be 0
            $r.Output.Count | Should -Be 1
            $r.Output[0] | Should -BeOfType ([LoopbackTools.PortTestResult])
            $r.Output[0].Status | Should -Be 'Open'
            $r.Output[0].Address | Should -Be '127.0.0.1'
            # The name asked for: ComputerName here, Target once results carry the machine's name in ComputerName.
            $asked = if ($r.Output[0].PSObject.Properties['Target']) { $r.Output[0].Target } else { $r.Output[0].ComputerName }
            $asked | Should -Be 'localhost'
            $r.Output[0].ProcessId | Should -Be $server.Process.Id
            $r.Output[0].ProcessName | Should -Be 'lbt-late-a'
            # It waited for the server, and did not sit out its whole timeout once the port answered.
            $r.Seconds | Should -BeGreaterThan 1.5
            $r.Seconds | Should -BeLessThan 45
        }
        finally { Stop-ChildProcess $server.Process }
    }

    It 'waits for several ports at once and answers each as it opens' {
        $open = New-TestTcpListener '127.0.0.1'
        $late = Start-LateListener -DelaySeconds 3 -Name 'lbt-late-b'
        try {
            $r = Get-Outcome { $late.Port, $open.LocalEndpoint.Port | Wait-LocalPort -ComputerName 127.0.0.1 -TimeoutSec 60 -IntervalMs 100 }
            $r.Errors.Count | Should -Be 0
            # The port that answers at once comes first, though it was given second.
            @($r.Output | ForEach-Object Port) | Should -Be @($open.LocalEndpoint.Port, $late.Port)
            $r.Output | ForEach-Object Status | Sort-Object -Unique | Should -Be 'Open'
            $r.Output[1].ProcessId | Should -Be $late.Process.Id
        }
        finally { $open.Stop(); Stop-ChildProcess $late.Process }
    }

    It 'writes a WaitTimedOut error that says what the last probe saw when the port never answers' {
        $server = Start-LateListener -DelaySeconds 120 -Name 'lbt-never'
        try {
            $r = Get-Outcome { Wait-LocalPort -Port $server.Port -ComputerName 127.0.0.1 -TimeoutSec 2 -IntervalMs 200 }
            $r.Output.Count | Should -Be 0
            $r.Errors.Count | Should -Be 1
            $e = $r.Errors[0]
            $e.FullyQualifiedErrorId | Should -Be 'WaitTimedOut,LoopbackTools.Commands.WaitLocalPortCommand'
            $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $e.TargetObject | Should -Be $server.Port
            $e.Exception.Message | Should -Be "127.0.0.1 port $($server.Port)/TCP did not answer within 2 s: the last probe found 127.0.0.1 Refused."
            $r.Seconds | Should -BeGreaterOrEqual 1.9
            $r.Seconds | Should -BeLessThan 30
        }
        finally { Stop-ChildProcess $server.Process }
    }

    It 'with -Closed returns once a listener closes, every address refusing' {
        $listener = New-TestTcpListener '127.0.0.1'
        $port = $listener.LocalEndpoint.Port
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port)
                Import-Module $module
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $results = @(Wait-LocalPort -Port $port -Closed -TimeoutSec 60 -IntervalMs 100)
                [pscustomobject]@{ Results = $results; Seconds = $clock.Elapsed.TotalSeconds }
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($port)
            $async = $shell.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $async.IsCompleted | Should -BeFalse -Because 'the port still answers'
            $listener.Stop()
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(45)) | Should -BeTrue
            $r = @($shell.EndInvoke($async))[0]
            $shell.Streams.Error.Count | Should -Be 0
            $r.Results.Count | Should -BeGreaterOrEqual 1
            $r.Results | ForEach-Object Address | Should -Contain '127.0.0.1'
            $r.Results | ForEach-Object Status | Sort-Object -Unique | Should -Be 'Refused'
            $r.Seconds | Should -BeGreaterThan 1
        }
        finally { $shell.Stop(); $shell.Dispose(); $listener.Stop() }
    }

    It 'with -Closed times out while the port still answers, naming who answers' {
        $listener = New-TestTcpListener '127.0.0.1'
        try {
            $r = Get-Outcome { Wait-LocalPort -Port $listener.LocalEndpoint.Port -ComputerName 127.0.0.1 -Closed -TimeoutSec 1 }
            $r.Output.Count | Should -Be 0
            $r.Errors[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,LoopbackTools.Commands.WaitLocalPortCommand'
            $r.Errors[0].Exception.Message | Should -BeLike "*still answered after 1 s*127.0.0.1 Open*PID $PID*"
        }
        finally { $listener.Stop() }
    }

    It 'refuses a name that is not this machine before probing anything, as Test-LocalPort does' {
        $r = Get-Outcome { Wait-LocalPort -Port 80 -ComputerName 'example.invalid' -TimeoutSec 30 }
        $r.Output.Count | Should -Be 0
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'ComputerNameNotLocal,LoopbackTools.Commands.WaitLocalPortCommand'
        $r.Seconds | Should -BeLessThan 20
        $r = Get-Outcome { Wait-LocalPort -Port 80 -ComputerName 'localhost:80' -TimeoutSec 30 }
        $r.Errors[0].Exception.Message | Should -BeLike '*has a port in it*'
    }

    It 'stops at once on Ctrl+C' {
        $server = Start-LateListener -DelaySeconds 120 -Name 'lbt-stopme'
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port)
                Import-Module $module
                Wait-LocalPort -Port $port -TimeoutSec 0 -IntervalMs 5000
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($server.Port)
            $async = $shell.BeginInvoke()
            Start-Sleep -Seconds 2
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Stop()
            $async.IsCompleted | Should -BeTrue
            # Stop() returns once the pipeline has stopped: between probes the wait sleeps 5 s, so this shows the sleep was cut.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
            $shell.Streams.Error.Count | Should -Be 0
        }
        finally { $shell.Dispose(); Stop-ChildProcess $server.Process }
    }

    It 'shows a progress bar while it waits' {
        $server = Start-LateListener -DelaySeconds 2.5 -Name 'lbt-progress'
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port)
                Import-Module $module
                Wait-LocalPort -Port $port -TimeoutSec 60 -IntervalMs 100
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($server.Port)
            $out = $shell.Invoke()
            $out.Count | Should -Be 1
            $records = @($shell.Streams.Progress | Where-Object Activity -EQ 'Wait-LocalPort')
            $records.Count | Should -BeGreaterThan 0
            $records[0].StatusDescription | Should -BeLike "Waiting for localhost port $($server.Port)/TCP to answer*of 60 s"
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { $shell.Dispose(); Stop-ChildProcess $server.Process }
    }
}
