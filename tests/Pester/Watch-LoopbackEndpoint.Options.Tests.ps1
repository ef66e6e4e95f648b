<#
    Watch-LoopbackEndpoint's -Duration (a number is seconds; zero or less is an error) and its warnings (each kind
    once per watch, even when the counts in it change from poll to poll).
#>
BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force
}

Describe 'Watch-LoopbackEndpoint -Duration' {
    It 'reads a number as seconds: -Duration <Value> watches for about two seconds' -TestCases @(
        @{ Value = 2 }
        @{ Value = '2' }
        @{ Value = '00:00:02' }
    ) {
        # A port nothing uses: the watch has nothing to report and runs its whole duration. It runs in a runspace
        # of its own, stopped after a generous bound, so a duration read as days fails the test instead of hanging it.
        $port = Get-UnusedTcpPort
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($module, $port, $value)
                Import-Module $module
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $changes = @(Watch-LoopbackEndpoint -Port $port -Interval 0.2 -Duration $value)
                [pscustomobject]@{ Changes = $changes.Count; Seconds = $clock.Elapsed.TotalSeconds }
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($port).AddArgument($Value)
            $async = $shell.BeginInvoke()
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'a two-second watch ends within a minute'
            $r = @($shell.EndInvoke($async))[0]
            $r.Changes | Should -Be 0
            $r.Seconds | Should -BeGreaterOrEqual 1.9
        }
        finally {
            $shell.Stop()
            $shell.Dispose()
        }
    }

    It 'refuses <Value> with InvalidDuration' -TestCases @(
        @{ Value = 0 }
        @{ Value = -5 }
        @{ Value = '-00:00:01' }
    ) {
        { Watch-LoopbackEndpoint -Duration $Value -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDuration,LoopbackTools.Commands.WatchLoopbackEndpointCommand'
    }

    It 'refuses text that is not a duration at binding' {
        { Watch-LoopbackEndpoint -Duration 'soon' -ErrorAction Stop } | Should -Throw -ExpectedMessage "*'soon' is not a duration*"
    }
}

Describe 'Watch-LoopbackEndpoint warnings' {
    It 'writes the missing-owner warning once per watch, though its counts change between polls' {
        # In a network namespace of its own, root without CAP_SYS_PTRACE cannot read the fds of a non-dumpable
        # process: its sockets have no visible owner. The child listens on one port, then on a second, so the
        # warning's counts go from 1 of 1 to 2 of 2 during the watch.
        $json = Invoke-PwshInNetworkNamespace -TimeoutSeconds 120 -Prefix 'setpriv', '--bounding-set=-sys_ptrace', '--inh-caps=-sys_ptrace' -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
$code = @"
import ctypes, socket, time
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
a = socket.socket(); a.bind(('127.0.0.1', 0)); a.listen()
print(a.getsockname()[1], flush=True)
time.sleep(2)
b = socket.socket(); b.bind(('127.0.0.1', 0)); b.listen()
time.sleep(60)
"@
$psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
$psi.ArgumentList.Add('-c'); $psi.ArgumentList.Add($code)
$psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
$child = [System.Diagnostics.Process]::Start($psi)
try {
    $null = $child.StandardOutput.ReadLine()
    $warnings = $null
    $changes = @(Watch-LoopbackEndpoint -Listening -Interval 0.25 -Duration '00:00:06' -WarningVariable warnings -WarningAction SilentlyContinue)
    [pscustomobject]@{
        Added = @($changes | Where-Object ChangeType -EQ 'Added').Count
        Owner = @($warnings | Where-Object { "$_" -like '*no visible owner*' } | ForEach-Object { "$_" })
    } | ConvertTo-Json
}
finally { $child.Kill(); $child.WaitForExit(5000) | Out-Null }
'@
        $r = $json | ConvertFrom-Json
        $r.Added | Should -Be 1 -Because 'the second listener appears during the watch, so the counts did change'
        @($r.Owner).Count | Should -Be 1
        @($r.Owner)[0] | Should -BeLike '1 of 1 *'
    }
}
