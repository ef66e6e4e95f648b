<#
.SYNOPSIS
    Per-socket cost of Get-LoopbackEndpoint from 10k connections up to the largest load the machine allows, beside ss.
.DESCRIPTION
    For each N (connections; each is two TCP rows), starts LoopbackTools.LoadHolder processes sized by the machine's
    open-file limit (two fds per connection; 20,000 here gives 6 holders at 50k, a machine with 1,048,576 takes 500k in
    one or two), each listening on a port below the ephemeral range so that the clients' ports never collide with a
    listener's. When one holder would need more client ports than the ephemeral range has, root widens the range for
    the run and puts it back in a finally block. One more holder keeps -PortConnections connections on its own port P
    (a listener with hundreds of connections, for the filtered case).

    Then, in this one warm pwsh session, each pair -Repeat times, median kept, ss as a child process read whole:

        Get-LoopbackEndpoint -All -NoOwner           vs  ss -tan                     target at the largest N: 1.0x
        Get-LoopbackEndpoint -All                    vs  ss -tanp                    0.2x
        Get-LoopbackEndpoint -All -Listening         vs  ss -tlnp                    0.3x
        Get-LoopbackEndpoint -All -NoOwner -Port P   vs  ss -tanH 'sport = :P'       1.0x

    and, through tests/LoopbackTools.Probe (the engine without PowerShell): the no-owner table with parsing overlapped
    with the kernel's next datagram and without (--parse-on-reading-thread), which gives the cost of emitting objects
    into the pipeline by difference, and at the largest N the owner walk for the listeners at 1, 2, 4... threads.

    Prints the tables, microseconds per socket at each N (flat is linear: the target is within 15 % from 10k up), and
    the verdict on every target. Holders reset their connections on exit (no TIME_WAIT) and are killed in a finally.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-ScaleBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-ScaleBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1 -Connections 10000,100000,500000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Connection counts; "10000,50000" works too (pwsh -File passes it as one string). Up to 1,000,000.
    [string[]] $Connections = @('10000', '20000', '50000'),

    [ValidateRange(1, 9)]
    [int] $Repeat = 5,

    [ValidateRange(10, 5000)]
    [int] $PortConnections = 500,

    # Owner-walk thread counts at the largest N; default 1, 2, 4... up to twice the cores (at most 64).
    [string[]] $Threads,

    [ValidateRange(30, 900)]
    [int] $HolderTimeoutSeconds = 900,

    # Exit 1 when a target at the largest N is missed (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
if (-not $IsLinux) { throw 'The scale benchmark compares with ss and runs on Linux only.' }

[int[]] $sizes = @($Connections -split ',' | Where-Object { $_ } | ForEach-Object { [int] $_ } | Sort-Object)
foreach ($n in $sizes) { if ($n -lt $PortConnections -or $n -gt 1000000) { throw "connections must be $PortConnections..1000000: $n" } }
[int[]] $threadCounts = if ($Threads) {
    @($Threads -split ',' | Where-Object { $_ } | ForEach-Object { [int] $_ })
}
else {
    @(for ($t = 1; $t -le [Math]::Min(64, 2 * [Environment]::ProcessorCount); $t *= 2) { $t })
}

$ss = (Get-Command ss -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$holder = Resolve-LoadHolder
$probeOut = Join-Path $root 'out/bench/Probe'
& dotnet build (Join-Path $root 'tests/LoopbackTools.Probe/LoopbackTools.Probe.csproj') -c Release -o $probeOut --nologo -v quiet | Out-Host
if ($LASTEXITCODE -ne 0) { throw "building the probe failed ($LASTEXITCODE)" }
$probe = Join-Path $probeOut 'LoopbackTools.Probe.dll'
Import-Module (Resolve-Path $ModulePath) -Force

# --- Sizing: the open-file limit decides how many connections one holder takes (two fds each, 64 spare). ----------
$fdLimit = [long] ((Get-Content /proc/self/limits | Where-Object { $_ -like 'Max open files*' }) -split '\s+')[4]
$range = @((Get-Content /proc/sys/net/ipv4/ip_local_port_range) -split '\s+' | Where-Object { $_ } | ForEach-Object { [int] $_ })
$perHolder = [int] [Math]::Min(250000, [Math]::Floor(($fdLimit - 64) / 2))
$rangeSize = $range[1] - $range[0] + 1
$isRoot = (& id -u) -eq '0'
$widenTo = $null
if ($perHolder -gt $rangeSize - 1000) {
    # Every client of one holder dials the same listener, so each needs its own ephemeral port.
    if ($isRoot -and $range[0] -gt 20000) { $widenTo = @(10000, 65000) } else { $perHolder = $rangeSize - 1000 }
}
Write-Host ("fd limit {0}: {1} connections per holder; ephemeral range {2}-{3}{4}" -f $fdLimit, $perHolder, $range[0], $range[1],
    $(if ($widenTo) { " (widened to $($widenTo -join '-') for the run)" } else { '' }))

function Start-ScaleHolder {
    # One holder of $Count connections on a free port below the ephemeral range; a port someone took meanwhile is
    # skipped (the holder fails to bind and the next candidate is tried).
    param([int] $Count, [System.Collections.Generic.HashSet[int]] $Taken, [int] $Below)
    for ($try = 0; $try -lt 40; $try++) {
        $port = Get-Random -Minimum ([Math]::Max(1024, $Below - 8000)) -Maximum $Below
        if (-not $Taken.Add($port)) { continue }
        $spec = [pscustomobject]@{ FilePath = $holder.FilePath; ArgumentList = [string[]] (@($holder.ArgumentList) + @('--port', "$port")) }
        try {
            $started = Start-LoadHolder -Holder $spec -Connections $Count -PerHolder $Count -TimeoutSeconds $HolderTimeoutSeconds
            return [pscustomobject]@{ Process = $started[0]; Port = $port }
        }
        catch { Write-Host "  port $port refused ($($_.Exception.Message)); trying another" }
    }
    throw 'no free listener port below the ephemeral range after 40 tries'
}

# On a shared machine wall time says how much of the cores was free; CPU time (user + kernel of this process, every
# thread) says what the query itself cost, and is what the linearity target is judged on.
$self = [System.Diagnostics.Process]::GetCurrentProcess()

function Measure-Ours {
    param([hashtable] $Parameters)
    [GC]::Collect()
    $self.Refresh(); $cpu = $self.TotalProcessorTime
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = Get-LoopbackEndpoint @Parameters -WarningAction SilentlyContinue
    $sw.Stop()
    $self.Refresh()
    $tcp = 0
    foreach ($r in $rows) { if ($r.Protocol -eq 'Tcp') { $tcp++ } }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; CpuMs = ($self.TotalProcessorTime - $cpu).TotalMilliseconds; Rows = $tcp }
}

function Invoke-Probe {
    param([string[]] $Arguments)
    $out = & $dotnet $probe @Arguments --summary
    if ($LASTEXITCODE -ne 0) { throw "the probe failed ($LASTEXITCODE): $Arguments" }
    $out | ConvertFrom-Json
}

# Warm the session: JIT, module load, first netlink socket, passwd and services files.
$null = Measure-Ours @{ All = $true; NoOwner = $true }
$null = Measure-Ours @{ All = $true; Listening = $true }
# Only now is LoopbackTools.Core loaded (the cmdlets load it on first use). The engine is internal: reached by reflection.
# A new inventory per query, as each cmdlet call makes one (it reads the services and passwd files afresh).
$inventoryType = Get-EngineType 'LoopbackTools.Inventory.EndpointInventory'
$query = [Activator]::CreateInstance((Get-EngineType 'LoopbackTools.Inventory.EndpointQuery'))
$query.All = $true
$query.ResolveOwners = $false
$null = $inventoryType::ForCurrentPlatform().Query($query, [Threading.CancellationToken]::None)

$results = [System.Collections.Generic.List[object]]::new()
$engine = [System.Collections.Generic.List[object]]::new()
$threadRows = [System.Collections.Generic.List[object]]::new()
$holders = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$oldRange = $null
try {
    if ($widenTo) {
        $oldRange = Get-Content /proc/sys/net/ipv4/ip_local_port_range
        Set-Content /proc/sys/net/ipv4/ip_local_port_range ($widenTo -join "`t")
    }
    $below = if ($widenTo) { $widenTo[0] } else { $range[0] }
    foreach ($n in $sizes) {
        Write-Host "N = $n connections: starting holders..."
        $taken = [System.Collections.Generic.HashSet[int]]::new()
        foreach ($line in & $ss -tlnH) { if ($line -match ':(\d+)\s') { $null = $taken.Add([int] $Matches[1]) } }
        $portHolder = Start-ScaleHolder -Count $PortConnections -Taken $taken -Below $below
        $holders.Add($portHolder.Process)
        $rest = $n - $PortConnections
        $count = [Math]::Ceiling($rest / $perHolder)
        for ($i = 0; $i -lt $count; $i++) {
            $k = [Math]::Floor($rest / $count) + $(if ($i -lt $rest % $count) { 1 } else { 0 })
            $holders.Add((Start-ScaleHolder -Count $k -Taken $taken -Below $below).Process)
        }
        Start-Sleep -Milliseconds 500
        $p = $portHolder.Port
        $cases = @(
            @{ Name = 'NoOwner'; Ours = @{ All = $true; NoOwner = $true }; Ss = '-tan'; Target = 1.0 }
            @{ Name = 'All (owners)'; Ours = @{ All = $true }; Ss = '-tanp'; Target = 0.2 }
            @{ Name = 'Listening (owners)'; Ours = @{ All = $true; Listening = $true }; Ss = '-tlnp'; Target = 0.3 }
            @{ Name = "NoOwner -Port $p"; Ours = @{ All = $true; NoOwner = $true; Port = $p }; Ss = "-tanH sport = :$p"; Target = 1.0 }
        )
        foreach ($case in $cases) {
            $oursMs = @(); $oursCpu = @(); $ssMs = @(); $pairRatios = @(); $oursRows = 0; $ssRows = 0
            # One untimed run of each first: the session is warm as a whole, but a case's own code path (the filter
            # compiler for -Port) would otherwise run its first calls unoptimised, 100-170 ms instead of 75-85 at 100k.
            $null = Measure-Ours $case.Ours
            $null = Measure-SsCommand -SsPath $ss -Arguments $case.Ss
            for ($r = 0; $r -lt $Repeat; $r++) {
                $o = Measure-Ours $case.Ours
                $s = Measure-SsCommand -SsPath $ss -Arguments $case.Ss
                $oursMs += $o.Ms; $oursCpu += $o.CpuMs; $ssMs += $s.Ms; $oursRows = $o.Rows
                $pairRatios += $o.Ms / [Math]::Max($s.Ms, 0.001)
                # Measure-SsCommand takes the first line for a header; -H prints none.
                $ssRows = if ($case.Ss -like '*H*') { $s.Rows + 1 } else { $s.Rows }
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
                # The median of each pair's ratio (ours, then ss, moments apart): load that comes and goes during the run
                # moves both sides of a pair alike, where a ratio of the two medians can pair a calm ours with a busy ss.
                Ratio       = [Math]::Round((Get-Median $pairRatios -Lower), 2)
                Target      = $case.Target
                # Per socket of the load (two per connection): what a query costs per socket the machine holds.
                UsPerSocket = [Math]::Round($ours * 1000 / (2 * $n), 2)
                CpuMs       = [Math]::Round((Get-Median $oursCpu -Lower), 1)
                CpuUsPerSocket = [Math]::Round((Get-Median $oursCpu -Lower) * 1000 / (2 * $n), 2)
            })
            Write-Host ("  {0,-22} ours {1,8:N1} ms ({2} TCP rows)  ss {3,8:N1} ms ({4} rows); runs ours {5}, ss {6}" -f $case.Name, $ours,
                $oursRows, $theirs, $ssRows, (($oursMs | ForEach-Object { [int] $_ }) -join '/'), (($ssMs | ForEach-Object { [int] $_ }) -join '/'))
        }

        # The engine alone, in this session (EndpointInventory.Query: no cmdlet, no pipeline), beside the cmdlet's own
        # median above: the difference is what binding and emitting objects into the pipeline cost. The probe (another
        # process, so compared only with itself) times parsing overlapped with the kernel's next datagram and not.
        $none = [Threading.CancellationToken]::None
        $engineRuns = @(1..$Repeat | ForEach-Object { Measure-Milliseconds { $inventoryType::ForCurrentPlatform().Query($query, $none) } })
        $engineMs = Get-Median $engineRuns -Lower
        $engineRows = $inventoryType::ForCurrentPlatform().Query($query, $none).Endpoints.Count
        $overlap = Invoke-Probe @('--all', '--no-owner', '--repeat', "$($Repeat + 1)")
        $serial = Invoke-Probe @('--all', '--no-owner', '--repeat', "$($Repeat + 1)", '--parse-on-reading-thread')
        $overlapMs = Get-Median @($overlap.elapsedMs | Select-Object -Skip 1) -Lower
        $serialMs = Get-Median @($serial.elapsedMs | Select-Object -Skip 1) -Lower
        $cmdletMs = ($results | Where-Object { $_.N -eq $n -and $_.Case -eq 'NoOwner' }).OursMs
        $engine.Add([pscustomobject]@{
            N               = $n
            Rows            = $engineRows
            EngineMs        = [Math]::Round($engineMs, 1)
            CmdletMs        = $cmdletMs
            PipelineMs      = [Math]::Round($cmdletMs - $engineMs, 1)
            EngineUsPerRow  = [Math]::Round($engineMs * 1000 / [Math]::Max(1, $engineRows), 2)
            PipeUsPerRow    = [Math]::Round(($cmdletMs - $engineMs) * 1000 / [Math]::Max(1, $engineRows), 2)
            ProbeOverlapMs  = [Math]::Round($overlapMs, 1)
            ProbeOneThreadMs = [Math]::Round($serialMs, 1)
        })
        Write-Host ("  engine {0:N1} ms, cmdlet {1:N1} ms; probe: overlapped {2:N1} ms, one thread {3:N1} ms" -f $engineMs, $cmdletMs,
            $overlapMs, $serialMs)

        if ($n -eq $sizes[-1]) {
            foreach ($t in $threadCounts) {
                $m = Invoke-Probe @('--all', '--listening', '--resolve-only', '--repeat', "$($Repeat + 1)", '--threads', "$t")
                $threadRows.Add([pscustomobject]@{
                    N       = $n
                    Query   = 'listeners, owner walk only'
                    Threads = $t
                    Ms      = [Math]::Round((Get-Median @($m.elapsedMs | Select-Object -Skip 1) -Lower), 1)
                    CpuMs   = [Math]::Round((Get-Median @($m.cpuMs | Select-Object -Skip 1) -Lower), 1)
                    FdsRead = $m.fdsRead
                })
            }
        }
        Stop-LoadHolder $holders
        $holders.Clear()
    }
}
finally {
    Stop-LoadHolder $holders
    if ($oldRange) { Set-Content /proc/sys/net/ipv4/ip_local_port_range $oldRange }
}

$results | Format-Table -AutoSize N, Case, Ss, RowsOurs, RowsSs, OursMs, SsMs, Ratio, Target, UsPerSocket, CpuMs, CpuUsPerSocket |
    Out-String -Width 200 | Write-Host
$engine | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$threadRows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$rule = (& $dotnet $probe --listening --port 1 --summary | ConvertFrom-Json).threads
Write-Host "This machine: $([Environment]::ProcessorCount) cores; the module's rule walks with $rule threads."

$failed = 0
foreach ($r in $results | Where-Object { $_.N -eq $sizes[-1] }) {
    $verdict = if ($r.Ratio -le $r.Target) { 'MET' } else { 'MISSED'; $failed++ }
    Write-Host ("target {0,-22} {1,5:N2}x {2} (<= {3}x)" -f $r.Case, $r.Ratio, $verdict, $r.Target)
}
# Linear: the cmdlet's and the engine's cost per socket from the smallest N of at least 10k to the largest, within 15 %.
$linear = @($results | Where-Object { $_.Case -eq 'NoOwner' -and $_.N -ge 10000 } | ForEach-Object { $_.UsPerSocket })
$linearCpu = @($results | Where-Object { $_.Case -eq 'NoOwner' -and $_.N -ge 10000 } | ForEach-Object { $_.CpuUsPerSocket })
$engineLinear = @($engine | Where-Object { $_.N -ge 10000 } | ForEach-Object { $_.EngineUsPerRow })
# Comma binds tighter than arithmetic in PowerShell: computed arguments of -f go in parentheses.
$pairs = @(
    @{ Name = 'cmdlet, wall'; Values = $linear }
    @{ Name = 'cmdlet, CPU'; Values = $linearCpu }
    @{ Name = 'engine, wall'; Values = $engineLinear }
)
foreach ($pair in $pairs) {
    if ($pair.Values.Count -lt 2) { continue }
    # Linear means the cost per socket does not grow: a per-call cost spread over more sockets makes it fall.
    $spread = ($pair.Values[-1] / $pair.Values[0]) - 1
    $verdict = if ($spread -le 0.15) { 'MET' } else { 'MISSED'; $failed++ }
    Write-Host ("target per-socket cost ({0}) {1} -> {2} us, {3:+0;-0} % {4} (grows at most 15 %)" -f $pair.Name, $pair.Values[0],
        $pair.Values[-1], ($spread * 100), $verdict)
}
if ($FailOnMiss -and $failed -gt 0) { exit 1 }
exit 0
