<#
.SYNOPSIS
    Times a sweep of all 65,535 TCP ports on 127.0.0.1: Test-LocalPort against nmap -sT -p- 127.0.0.1, same run.
.DESCRIPTION
    Installs nmap from the Debian packages when it is missing (apt-get install -y nmap, with apt-get update first only
    if that install fails), starts three loopback listeners in this session so that both tools have known open ports
    to find, warms the module up, and then -Repeat times, alternating which tool goes first:

        nmap -sT -p- 127.0.0.1 (as a child process, output read in full)
        Test-LocalPort (1..65535) -ComputerName 127.0.0.1 -Protocol Tcp (results collected in this warm session)

    Prints each run, the medians, the ratio Test-LocalPort / nmap (target: at most 1.0), and whether both tools found
    the same open ports in each round. Other programs on a shared machine open and close listeners during a round, so
    the comparison covers the ports that listened both before and after the round (read from the socket table) and
    the known ones; ports that came or went in between are listed as transient. Loopback only; the listeners are
    stopped in a finally block.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-PortSweepBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 9)]
    [int] $Repeat = 3,

    # Exit 1 when the median ratio is above 1.0 or the tools disagree on open ports (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
if (-not $IsLinux) { throw 'The port sweep benchmark compares with nmap from Debian packages and runs on Linux only.' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

function Install-Nmap {
    $found = Get-Command nmap -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { return $found.Source }
    Write-Host 'nmap is missing: apt-get install -y nmap'
    & apt-get install -y nmap | Out-Host
    if ($LASTEXITCODE -ne 0) {
        Write-Host 'install failed: apt-get update, then install again'
        & apt-get update | Out-Host
        & apt-get install -y nmap | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "apt-get install -y nmap failed with exit code $LASTEXITCODE" }
    }
    (Get-Command nmap -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
}

function Measure-Nmap([string] $Nmap) {
    $grepable = [IO.Path]::GetTempFileName()
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Nmap -sT -p- 127.0.0.1 -oG $grepable
        $watch.Stop()
        if ($LASTEXITCODE -ne 0) { throw "nmap failed with exit code $LASTEXITCODE" }
        # -oG lists open ports as "8080/open/tcp//http-alt///".
        $text = Get-Content $grepable -Raw
        $open = @([regex]::Matches($text, '(\d+)/open/tcp') | ForEach-Object { [int] $_.Groups[1].Value } | Sort-Object -Unique)
        [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Open = $open }
    }
    finally { Remove-Item $grepable -ErrorAction SilentlyContinue }
}

function Measure-TestLocalPort {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $results = Test-LocalPort -Port (1..65535) -ComputerName 127.0.0.1 -Protocol Tcp -WarningAction SilentlyContinue
    $watch.Stop()
    $statuses = $results | Group-Object Status -NoElement | ForEach-Object { "$($_.Name)=$($_.Count)" }
    $open = @($results | Where-Object IsOpen | ForEach-Object Port | Sort-Object -Unique)
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Open = $open; Count = @($results).Count; Statuses = $statuses -join ' ' }
}

# TCP ports that 127.0.0.1 reaches: listeners on 127.0.0.1, 0.0.0.0 or :: (dual-stack unless IPv6-only).
function Get-ListeningPorts {
    @(Get-LoopbackEndpoint -All -Listening -NoOwner -Protocol Tcp -WarningAction SilentlyContinue |
        Where-Object { $_.LocalAddress -in '127.0.0.1', '0.0.0.0', '::' } | ForEach-Object LocalPort | Sort-Object -Unique)
}

$nmap = Install-Nmap
Write-Host "nmap: $nmap ($((& $nmap --version | Select-Object -First 1)))"
Import-Module (Resolve-Path $ModulePath).Path -Force
Write-Host "machine: $([Environment]::ProcessorCount) cores, load average $((Get-Content /proc/loadavg -Raw).Trim())"

$listeners = @()
$misses = 0
try {
    $listeners = @(1..3 | ForEach-Object { Start-LoopbackListener })
    $known = @($listeners.Port)
    Write-Host "known open ports (this session's listeners): $($known -join ', ')"

    # Warm-up: JIT, thread pool, socket engine.
    $null = Test-LocalPort -Port (1..2000) -ComputerName 127.0.0.1 -Protocol Tcp -WarningAction SilentlyContinue

    $rounds = foreach ($round in 1..$Repeat) {
        $before = Get-ListeningPorts
        if ($round % 2) { $n = Measure-Nmap $nmap; $t = Measure-TestLocalPort } else { $t = Measure-TestLocalPort; $n = Measure-Nmap $nmap }
        $after = Get-ListeningPorts
        $stable = @($before | Where-Object { $_ -in $after })
        $onlyNmap = @($n.Open | Where-Object { $_ -notin $t.Open })
        $onlyOurs = @($t.Open | Where-Object { $_ -notin $n.Open })
        $missingKnown = @($known | Where-Object { $_ -notin $n.Open -or $_ -notin $t.Open })
        # A port in the table before and after the round must be open to both tools; any other difference must be a
        # port that came or went during the round.
        $stableMisses = @($stable | Where-Object { $_ -notin $n.Open -or $_ -notin $t.Open })
        $agree = $stableMisses.Count -eq 0 -and $missingKnown.Count -eq 0 -and $t.Count -eq 65535
        if (-not $agree) { $misses++ }
        [pscustomobject]@{
            Round             = $round
            NmapSeconds       = [Math]::Round($n.Seconds, 3)
            TestLocalPortSeconds = [Math]::Round($t.Seconds, 3)
            Ratio             = [Math]::Round($t.Seconds / $n.Seconds, 3)
            OpenNmap          = $n.Open.Count
            OpenTestLocalPort = $t.Open.Count
            SameOpenPorts     = $agree
            Difference        = "stable ports missed: $($stableMisses -join ',') / came or went during the round, " +
                "nmap only: $(@($onlyNmap | Where-Object { $_ -notin $stable }) -join ',') / " +
                "Test-LocalPort only: $(@($onlyOurs | Where-Object { $_ -notin $stable }) -join ',')"
            Statuses          = $t.Statuses
        }
    }

    $rounds | Format-Table Round, NmapSeconds, TestLocalPortSeconds, Ratio, OpenNmap, OpenTestLocalPort, SameOpenPorts -AutoSize |
        Out-String -Width 200 | Write-Host
    $rounds | Where-Object { $_.Difference -match '\d' } | Format-List Round, SameOpenPorts, Difference | Out-String -Width 200 | Write-Host
    Write-Host "Test-LocalPort statuses (last round): $($rounds[-1].Statuses)"
    $nmapMedian = Get-Median $rounds.NmapSeconds
    $oursMedian = Get-Median $rounds.TestLocalPortSeconds
    $ratio = $oursMedian / $nmapMedian
    Write-Host ("median: nmap {0:N3} s, Test-LocalPort {1:N3} s, ratio {2:N3} (target <= 1.0: {3})" -f
        $nmapMedian, $oursMedian, $ratio, $(if ($ratio -le 1.0) { 'met' } else { 'MISSED' }))
    if ($ratio -gt 1.0) { $misses++ }
}
finally {
    $listeners | Stop-LoopbackListener
}

if ($FailOnMiss -and $misses -gt 0) { exit 1 }
