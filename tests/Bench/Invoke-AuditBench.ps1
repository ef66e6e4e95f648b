<#
.SYNOPSIS
    Times Invoke-LoopbackAudit and Watch-LoopbackEndpoint's polls against the socket read they are built on and
    against ss, on a machine holding N established loopback connections.
.DESCRIPTION
    For each N, starts LoopbackTools.LoadHolder processes (as Invoke-EndpointBench.ps1 does), then in this one warm
    pwsh session times, -Repeat times each and taking the median:

        Invoke-LoopbackAudit -ExcludeRule EphemeralPressure   vs  Get-LoopbackEndpoint -All -Listening  and  ss -tlnp
        Invoke-LoopbackAudit (every rule, whole table)       vs  Get-LoopbackEndpoint -All             and  ss -tanp
        one Watch-LoopbackEndpoint -All -Listening poll      vs  Get-LoopbackEndpoint -All -Listening
        one Watch-LoopbackEndpoint -All poll                 vs  Get-LoopbackEndpoint -All

    The audit is measured end to end (read, rules, sort, output). A watch poll is its read plus its compare with the
    previous read, taken from the watch's own -Verbose line for each poll (median over the polls of a short run
    with a 50 ms interval, so polls follow each other back to back). The claim under test: an audit costs about one
    table read, and a poll costs what one Get-LoopbackEndpoint with the same filters costs. ss runs as a child
    process whose whole output is read. Holders are torn down with resets after each N and killed in a finally
    block on any failure. Loopback only; every wait is bounded.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-AuditBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1 -Connections 1000,10000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Connection counts; "1000,10000" works too (pwsh -File passes it as one string).
    [string[]] $Connections = @('1000', '10000', '50000'),

    [ValidateRange(1, 9)]
    [int] $Repeat = 3,

    [ValidateRange(100, 9900)]
    [int] $PerHolder = 9000,

    [ValidateRange(30, 900)]
    [int] $HolderTimeoutSeconds = 300,

    # A built LoopbackTools.LoadHolder.dll; built from tests/LoopbackTools.LoadHolder when not given.
    [string] $HolderPath,

    # Exit 1 when a target at the largest N is missed (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
[int[]] $Connections = ConvertTo-ConnectionCount $Connections

if (-not $IsLinux) { throw 'The audit benchmark compares with ss and runs on Linux only.' }
$ss = (Get-Command ss -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$holder = Resolve-LoadHolder -HolderPath $HolderPath

Import-Module (Resolve-Path $ModulePath) -Force

# Median of (read + compare) over the polls of one short watch, from its -Verbose lines.
function Measure-WatchPoll {
    param([hashtable] $Filters, [double] $ExpectedMs)
    $seconds = [Math]::Max(2.0, [Math]::Min(60.0, 8 * $ExpectedMs / 1000))
    $watch = @{ Interval = 0.05; Duration = [TimeSpan]::FromSeconds($seconds); Verbose = $true; WarningAction = 'SilentlyContinue' }
    $lines = Watch-LoopbackEndpoint @Filters @watch 4>&1 |
        Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
    $polls = foreach ($line in $lines) {
        if ($line -match '^Poll \d+: \d+ endpoints, read ([\d.]+) ms, compare ([\d.]+) ms') { [double] $Matches[1] + [double] $Matches[2] }
    }
    if (@($polls).Count -eq 0) { throw "the watch reported no poll in $seconds s" }
    [pscustomobject]@{ Ms = Get-Median $polls -Lower; Polls = @($polls).Count }
}

$audits = @(
    @{ Name = 'Audit, listener rules'; Ours = { Invoke-LoopbackAudit -ExcludeRule EphemeralPressure -WarningAction SilentlyContinue }
        Read = { Get-LoopbackEndpoint -All -Listening -WarningAction SilentlyContinue }; ReadName = 'GLE -All -Listening'
        Ss = '-tlnp'; Target = 1.5 }
    @{ Name = 'Audit, every rule'; Ours = { Invoke-LoopbackAudit -WarningAction SilentlyContinue }
        Read = { Get-LoopbackEndpoint -All -WarningAction SilentlyContinue }; ReadName = 'GLE -All'; Ss = '-tanp'; Target = 1.5 }
)
$watches = @(
    @{ Name = 'Watch poll, -All -Listening'; Filters = @{ All = $true; Listening = $true }
        Read = { Get-LoopbackEndpoint -All -Listening -WarningAction SilentlyContinue }; ReadName = 'GLE -All -Listening'; Target = 1.1 }
    @{ Name = 'Watch poll, -All'; Filters = @{ All = $true }
        Read = { Get-LoopbackEndpoint -All -WarningAction SilentlyContinue }; ReadName = 'GLE -All'; Target = 1.1 }
)

# Warm the session: JIT, module load, first netlink socket, catalogue, passwd and services files.
foreach ($a in $audits) { $null = Measure-Milliseconds $a.Ours; $null = Measure-Milliseconds $a.Read }
$null = Measure-WatchPoll @{ All = $true; Listening = $true } 100

$results = [System.Collections.Generic.List[object]]::new()
$holders = $null
try {
    foreach ($n in $Connections) {
        Write-Host "N = $n connections: starting holders..."
        $holders = Start-LoadHolder -Holder $holder -Connections $n -PerHolder $PerHolder -TimeoutSeconds $HolderTimeoutSeconds
        Start-Sleep -Milliseconds 500
        foreach ($case in $audits) {
            $ours = @(); $read = @(); $theirs = @()
            for ($r = 0; $r -lt $Repeat; $r++) {
                $ours += Measure-Milliseconds $case.Ours
                $read += Measure-Milliseconds $case.Read
                $theirs += (Measure-SsCommand -SsPath $ss -Arguments $case.Ss).Ms
            }
            $o = Get-Median $ours -Lower; $g = Get-Median $read -Lower; $s = Get-Median $theirs -Lower
            $results.Add([pscustomobject]@{
                N = $n; Case = $case.Name; OursMs = [Math]::Round($o, 1); Against = $case.ReadName; ReadMs = [Math]::Round($g, 1)
                VsRead = [Math]::Round($o / [Math]::Max($g, 0.001), 2); Target = $case.Target
                Anchor = "ss $($case.Ss)"; AnchorMs = [Math]::Round($s, 1); VsAnchor = [Math]::Round($o / [Math]::Max($s, 0.001), 2); Polls = $null
            })
            Write-Host ("  {0,-30} {1,8:N1} ms   {2} {3,8:N1} ms   ss {4} {5,8:N1} ms" -f $case.Name, $o, $case.ReadName, $g, $case.Ss, $s)
        }
        foreach ($case in $watches) {
            $read = @(); for ($r = 0; $r -lt $Repeat; $r++) { $read += Measure-Milliseconds $case.Read }
            $g = Get-Median $read -Lower
            $poll = Measure-WatchPoll $case.Filters $g
            $results.Add([pscustomobject]@{
                N = $n; Case = $case.Name; OursMs = [Math]::Round($poll.Ms, 1); Against = $case.ReadName; ReadMs = [Math]::Round($g, 1)
                VsRead = [Math]::Round($poll.Ms / [Math]::Max($g, 0.001), 2); Target = $case.Target
                Anchor = ''; AnchorMs = $null; VsAnchor = $null; Polls = $poll.Polls
            })
            Write-Host ("  {0,-30} {1,8:N1} ms ({2} polls)   {3} {4,8:N1} ms" -f $case.Name, $poll.Ms, $poll.Polls, $case.ReadName, $g)
        }
        Stop-LoadHolder $holders
        $holders = $null
    }
}
finally {
    Stop-LoadHolder $holders
}

$results | Format-Table -AutoSize N, Case, OursMs, Against, ReadMs, VsRead, Target, Anchor, AnchorMs, VsAnchor, Polls |
    Out-String -Width 200 | Write-Host

$failed = 0
$largest = ($Connections | Measure-Object -Maximum).Maximum
foreach ($r in $results | Where-Object N -EQ $largest) {
    $verdict = if ($r.VsRead -le $r.Target) { 'MET' } else { 'MISSED'; $failed++ }
    Write-Host ("target {0,-30} {1,5:N2}x of {2} {3} (<= {4}x)" -f $r.Case, $r.VsRead, $r.Against, $verdict, $r.Target)
}
if ($FailOnMiss -and $failed -gt 0) { exit 1 }
exit 0
