<#
.SYNOPSIS
    Times the owner walk (/proc/<pid>/fd) with 1..N threads on a machine holding N loopback connections.
.DESCRIPTION
    The rule for how many threads walk /proc (OwnerThreads: one per core, at most 32) is chosen by this measurement.
    Starts LoopbackTools.LoadHolder processes for -Connections, then runs tests/LoopbackTools.Probe with
    --resolve-only (the table is read once; only the owner lookup is timed, -Repeat times, the first run dropped as
    warm-up) for each thread count and three queries:

        every socket        (-All: every fd of the machine is read)
        listeners           (-All -Listening: the walk may stop after the first fd band)
        one listener        (-Port <a holder's port> -Listening: the narrow query the early stop is for)

    ss -tanp and ss -tlnp run in the same session as the anchors. Prints one table with the median wall and CPU
    milliseconds (user + kernel time of the probe: on a machine shared with other work, wall time shows how much of the
    cores was free, CPU time what the walk itself costs), the fds read, and the thread count the module's rule picks.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-OwnerThreadBench.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-OwnerThreadBench.ps1 -Connections 10000 -Threads 1,2,4
#>
[CmdletBinding()]
param(
    # Accepted for build.ps1 -Task Bench, which passes it to every benchmark; the walk is timed through the probe.
    [string] $ModulePath,

    [ValidateRange(0, 60000)]
    [int] $Connections = 50000,

    # "1,2,4" works too (pwsh -File passes it as one string). Default: 1, 2, 4... up to twice the cores (at most 64).
    [string[]] $Threads,

    [ValidateRange(2, 15)]
    [int] $Repeat = 5,

    [ValidateRange(100, 9900)]
    [int] $PerHolder = 9000,

    [ValidateRange(30, 900)]
    [int] $HolderTimeoutSeconds = 600
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
if (-not $IsLinux) { throw 'The owner thread benchmark walks /proc and runs on Linux only.' }

[int[]] $threadCounts = if ($Threads) {
    @($Threads -split ',' | Where-Object { $_ } | ForEach-Object { [int] $_ })
}
else {
    @(for ($t = 1; $t -le [Math]::Min(64, 2 * [Environment]::ProcessorCount); $t *= 2) { $t })
}
$ss = (Get-Command ss -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$probeOut = Join-Path $root 'out/bench/Probe'
& dotnet build (Join-Path $root 'tests/LoopbackTools.Probe/LoopbackTools.Probe.csproj') -c Release -o $probeOut --nologo -v quiet | Out-Host
if ($LASTEXITCODE -ne 0) { throw "building the probe failed ($LASTEXITCODE)" }
$probe = Join-Path $probeOut 'LoopbackTools.Probe.dll'
$dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source

function Invoke-Probe {
    param([string[]] $Arguments)
    $out = & $dotnet $probe @Arguments --resolve-only --summary --repeat $Repeat
    if ($LASTEXITCODE -ne 0) { throw "the probe failed ($LASTEXITCODE): $Arguments" }
    $result = $out | ConvertFrom-Json
    [pscustomobject]@{
        Ms      = Get-Median @($result.elapsedMs | Select-Object -Skip 1) -Lower
        CpuMs   = Get-Median @($result.cpuMs | Select-Object -Skip 1) -Lower
        FdsRead = $result.fdsRead
        Bands   = $result.bandsRead
    }
}

$holder = Resolve-LoadHolder
$holders = $null
$results = [System.Collections.Generic.List[object]]::new()
try {
    Write-Host "Starting holders for $Connections connections..."
    $holders = Start-LoadHolder -Holder $holder -Connections $Connections -PerHolder $PerHolder -TimeoutSeconds $HolderTimeoutSeconds
    Start-Sleep -Milliseconds 500
    # A holder's listener: its first fds, below its thousands of connections.
    $holderLine = & ss -tlnpH | Where-Object { $_ -match "pid=$($holders[0].Id)," } | Select-Object -First 1
    $port = $holderLine -replace '^\S+\s+\S+\s+\S+\s+\S+:(\d+)\s.*$', '$1'
    $cases = @(
        @{ Name = 'every socket'; Args = @('--all'); Ss = '-tanp' }
        @{ Name = 'listeners'; Args = @('--all', '--listening'); Ss = '-tlnp' }
        @{ Name = 'one listener'; Args = @('--all', '--listening', '--port', "$port"); Ss = $null }
    )
    foreach ($case in $cases) {
        $anchor = if ($case.Ss) {
            Get-Median @(1..3 | ForEach-Object { (Measure-SsCommand -SsPath $ss -Arguments $case.Ss).Ms }) -Lower
        } else { $null }
        foreach ($t in $threadCounts) {
            $m = Invoke-Probe (@($case.Args) + @('--threads', "$t"))
            $results.Add([pscustomobject]@{
                Query   = $case.Name
                Threads = $t
                Ms      = [Math]::Round($m.Ms, 1)
                CpuMs   = [Math]::Round($m.CpuMs, 1)
                FdsRead = $m.FdsRead
                Bands   = $m.Bands
                SsMs    = if ($null -ne $anchor) { [Math]::Round($anchor, 1) } else { $null }
            })
            Write-Host ("  {0,-14} {1,2} threads {2,8:N1} ms, CPU {3,8:N1} ms ({4} fds, {5} bands)" -f
                $case.Name, $t, $m.Ms, $m.CpuMs, $m.FdsRead, $m.Bands)
        }
    }
}
finally {
    Stop-LoadHolder $holders
}

$results | Format-Table -AutoSize Query, Threads, Ms, CpuMs, FdsRead, Bands, SsMs | Out-String -Width 200 | Write-Host
$rule = (& $dotnet $probe --listening --port 1 --summary | ConvertFrom-Json).threads
Write-Host "This machine: $([Environment]::ProcessorCount) cores; the module's rule walks with $rule threads."
exit 0
