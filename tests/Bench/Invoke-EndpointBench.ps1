<#
.SYNOPSIS
    Times Get-LoopbackEndpoint against ss on a machine holding N established loopback connections.
.DESCRIPTION
    For each N, starts LoopbackTools.LoadHolder processes (at most -PerHolder connections each: every connection is two
    fds in the same holder, and the fd limit is 20,000 per process), waits until they print "ready", then in this one
    warm pwsh session (module imported once) times, -Repeat times each and taking the median:

        Get-LoopbackEndpoint -All                vs  ss -tanp
        Get-LoopbackEndpoint -All -Listening     vs  ss -tlnp
        Get-LoopbackEndpoint -All -NoOwner       vs  ss -tan

    ss runs as a child process whose whole output is read (its real cost, text included). Row counts are compared for
    TCP (ss prints one header line, not counted). Prints one table, the cost per socket (linear growth shows as a flat
    column), the pwsh peak working set, and the targets at the largest N. Holders are torn down with resets (no
    TIME_WAIT) after each N and killed in a finally block on any failure. Loopback only; every wait is bounded.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-EndpointBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-EndpointBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1 -Connections 1000,10000
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

    # Exit 1 when a target at the largest N is missed or TCP row counts disagree (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
[int[]] $Connections = ConvertTo-ConnectionCount $Connections

if (-not $IsLinux) { throw 'The endpoint benchmark compares with ss and runs on Linux only.' }
$ss = (Get-Command ss -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$holder = Resolve-LoadHolder -HolderPath $HolderPath

Import-Module (Resolve-Path $ModulePath) -Force

function Measure-Ours {
    param([hashtable] $Parameters, [string] $TcpState)
    [GC]::Collect()
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = Get-LoopbackEndpoint @Parameters -WarningAction SilentlyContinue
    $sw.Stop()
    $tcp = 0
    foreach ($r in $rows) {
        if ($r.Protocol -eq 'Tcp' -and (-not $TcpState -or "$($r.State)" -eq $TcpState)) { $tcp++ }
    }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Rows = $tcp }
}

$cases = @(
    @{ Name = 'All (owners)'; Ours = @{ All = $true }; TcpState = $null; Ss = '-tanp'; Target = 0.2 }
    @{ Name = 'Listening (owners)'; Ours = @{ All = $true; Listening = $true }; TcpState = 'Listen'; Ss = '-tlnp'; Target = 0.3 }
    @{ Name = 'NoOwner'; Ours = @{ All = $true; NoOwner = $true }; TcpState = $null; Ss = '-tan'; Target = 1.5 }
)

# Warm the session: JIT, module load, first netlink socket, passwd and services files.
foreach ($case in $cases) { $null = Measure-Ours $case.Ours $case.TcpState }

$results = [System.Collections.Generic.List[object]]::new()
$holders = $null
try {
    foreach ($n in $Connections) {
        Write-Host "N = $n connections: starting holders..."
        $holders = Start-LoadHolder -Holder $holder -Connections $n -PerHolder $PerHolder -TimeoutSeconds $HolderTimeoutSeconds
        Start-Sleep -Milliseconds 500
        foreach ($case in $cases) {
            $oursMs = @(); $ssMs = @(); $oursRows = 0; $ssRows = 0; $bestDiff = [int]::MaxValue
            for ($r = 0; $r -lt $Repeat; $r++) {
                $o = Measure-Ours $case.Ours $case.TcpState
                $s = Measure-SsCommand -SsPath $ss -Arguments $case.Ss
                $oursMs += $o.Ms; $ssMs += $s.Ms
                # The machine is shared: other processes' sockets come and go. Rows are compared within one
                # back-to-back pair, and the closest pair of the repetitions is reported.
                if ([Math]::Abs($o.Rows - $s.Rows) -lt $bestDiff) {
                    $bestDiff = [Math]::Abs($o.Rows - $s.Rows); $oursRows = $o.Rows; $ssRows = $s.Rows
                }
            }
            $ours = Get-Median $oursMs -Lower
            $theirs = Get-Median $ssMs -Lower
            $results.Add([pscustomobject]@{
                N           = $n
                Case        = $case.Name
                Ss          = "ss $($case.Ss)"
                RowsOurs    = $oursRows
                RowsSs      = $ssRows
                OursMs      = [Math]::Round($ours, 1)
                SsMs        = [Math]::Round($theirs, 1)
                Ratio       = [Math]::Round($ours / [Math]::Max($theirs, 0.001), 2)
                Target      = $case.Target
                UsPerSocket = if ($n -gt 0) { [Math]::Round($ours * 1000 / (2 * $n), 2) } else { $null }
                PeakWsMB    = [Math]::Round([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 0)
            })
            Write-Host ("  {0,-20} ours {1,8:N1} ms ({2} TCP rows)  ss {3,8:N1} ms ({4} rows)" -f $case.Name, $ours, $oursRows, $theirs, $ssRows)
        }
        Stop-LoadHolder $holders
        $holders = $null
    }
}
finally {
    Stop-LoadHolder $holders
}

$results | Format-Table -AutoSize N, Case, Ss, RowsOurs, RowsSs, OursMs, SsMs, Ratio, Target, UsPerSocket, PeakWsMB |
    Out-String -Width 200 | Write-Host

$failed = 0
$largest = ($Connections | Measure-Object -Maximum).Maximum
foreach ($r in $results) {
    # Sockets can come and go between the two reads (other processes on the machine): allow 0.5 %.
    $slack = [Math]::Max(5, [Math]::Ceiling(0.005 * [Math]::Max($r.RowsOurs, $r.RowsSs)))
    if ([Math]::Abs($r.RowsOurs - $r.RowsSs) -gt $slack) {
        Write-Host "ROWS DISAGREE at N=$($r.N) $($r.Case): ours $($r.RowsOurs), $($r.Ss) $($r.RowsSs)"
        $failed++
    }
    if ($r.N -eq $largest) {
        $verdict = if ($r.Ratio -le $r.Target) { 'MET' } else { 'MISSED'; $failed++ }
        Write-Host ("target {0,-20} {1,5:N2}x {2} (<= {3}x)" -f $r.Case, $r.Ratio, $verdict, $r.Target)
    }
}
if ($FailOnMiss -and $failed -gt 0) { exit 1 }
exit 0
