<#
.SYNOPSIS
    Times Invoke-LoopbackAudit -Session over a fleet of hosts at once against the same audits one host after another.
.DESCRIPTION
    Builds the fleet lab (tests/Lab/FleetLab.psm1: -Hosts network namespaces behind a bridge, each with its own sshd
    and pwsh subsystem and its own listeners), opens one session per host in one parallel New-PSSession call, and
    warms every session (the first call of a session imports the module there). Then, -Repeat times each, medians
    kept:

        Invoke-LoopbackAudit -Session $all                         (every host at once, up to -ThrottleLimit)
    vs  foreach ($s in $all) { Invoke-LoopbackAudit -Session $s }  (the anchor: the same audits one after another,
                                                                    through the same sessions)

    and, as an outside reference, the same sequence with Invoke-Command -Session $s { Invoke-LoopbackAudit }.
    The target is at most 0.4x the anchor. It also reports what a host costs before the first audit: the
    parallel New-PSSession per host, and the first (module-importing) call per host.

    Every namespace, sshd, key and temp folder the lab made is removed in a finally block.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-FleetBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(2, 40)]
    [int] $Hosts = 10,

    [ValidateRange(1, 15)]
    [int] $Repeat = 5,

    # Exit 1 when the parallel audit misses its 0.4x target (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../Lab/FleetLab.psm1') -Force
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
$Target = 0.4

$lab = $null
$sessions = @()
# The lab's hosts are network namespaces of one machine: as root an audit reads every namespace by default, so each
# host is told to read its own only (as a real host's audit sees only its own).
$audit = @{ NetworkNamespace = 'Current'; WarningAction = 'SilentlyContinue' }
try {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $lab = New-FleetLab -HostCount $Hosts -ModulePath $ModulePath
    $labSeconds = $clock.Elapsed.TotalSeconds

    $clock.Restart()
    $sessions = @(New-FleetSession -Lab $lab -ConnectTimeoutSeconds 300)
    $openSeconds = $clock.Elapsed.TotalSeconds

    # The first call imports LoopbackTools in every session (in parallel, as any -Session call runs).
    $clock.Restart()
    $null = Invoke-LoopbackAudit -Session $sessions @audit
    $firstSeconds = $clock.Elapsed.TotalSeconds
    $findings = @(Invoke-LoopbackAudit -Session $sessions @audit)
    $answered = @($findings.ComputerName | Sort-Object -Unique).Count
    if ($answered -ne $Hosts) { throw "only $answered of $Hosts hosts answered the warm-up audit" }

    $parallel = @(); $sequential = @(); $invokeCommand = @()
    for ($i = 0; $i -lt $Repeat; $i++) {
        # Interleaved, so a burst of load on this shared machine hits all three alike.
        $parallel += Measure-Milliseconds { Invoke-LoopbackAudit -Session $sessions @audit }
        $sequential += Measure-Milliseconds { foreach ($s in $sessions) { Invoke-LoopbackAudit -Session $s @audit } }
        $invokeCommand += Measure-Milliseconds {
            foreach ($s in $sessions) { Invoke-Command -Session $s { param($a) Invoke-LoopbackAudit @a } -ArgumentList $audit }
        }
    }

    $p = Get-Median $parallel -Lower
    $q = Get-Median $sequential -Lower
    $c = Get-Median $invokeCommand -Lower
    $ratio = $p / $q
    $load = (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '
    Write-Host ''
    Write-Host ("Fleet of {0} hosts on {1} cores, load average {2}; {3} findings per audit round" -f
        $Hosts, [Environment]::ProcessorCount, $load, $findings.Count)
    Write-Host ("  lab set-up (namespaces, sshd, listeners):      {0,8:N1} s" -f $labSeconds)
    Write-Host ("  New-PSSession, all hosts in parallel:          {0,8:N1} s  ({1:N2} s per host)" -f $openSeconds, ($openSeconds / $Hosts))
    Write-Host ("  first audit, module imported on every host:    {0,8:N1} s  ({1:N2} s per host)" -f $firstSeconds, ($firstSeconds / $Hosts))
    Write-Host ''
    Write-Host ("  {0,-62} {1,10}" -f "case (median of $Repeat)", 'ms')
    Write-Host ("  {0,-62} {1,10:N0}" -f 'Invoke-LoopbackAudit -Session $all (parallel)', $p)
    Write-Host ("  {0,-62} {1,10:N0}" -f 'foreach ($s) { Invoke-LoopbackAudit -Session $s } (anchor)', $q)
    Write-Host ("  {0,-62} {1,10:N0}" -f 'foreach ($s) { Invoke-Command -Session $s { Invoke-LoopbackAudit } }', $c)
    Write-Host ''
    Write-Host ("  parallel / anchor = {0:N2} (target <= {1}); per host: {2:N0} ms at once, {3:N0} ms one by one" -f
        $ratio, $Target, ($p / $Hosts), ($q / $Hosts))
    $runs = foreach ($times in $parallel, $sequential, $invokeCommand) { ($times | ForEach-Object { '{0:N0}' -f $_ }) -join ' ' }
    Write-Host ("  all runs (ms): parallel {0}; anchor {1}; Invoke-Command {2}" -f $runs)
    if ($FailOnMiss -and $ratio -gt $Target) { exit 1 }
}
finally {
    if ($sessions.Count -gt 0) { $sessions | Remove-PSSession -ErrorAction SilentlyContinue }
    if ($lab) { Remove-FleetLab $lab }
}
