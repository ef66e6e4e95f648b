<#
.SYNOPSIS
    Times Find-PortConflict against Get-LoopbackEndpoint -All on a machine holding N loopback connections.
.DESCRIPTION
    For each N, starts load holders (at most -PerHolder connections each: both ends of a connection live in the same
    holder, two fds, and the fd limit is 20,000 per process), waits until each prints "ready", then in this one warm
    pwsh session (module imported once) times, -Repeat times each and taking the median:

        Find-PortConflict                 (the whole-table scan)      vs  Get-LoopbackEndpoint -All   (the anchor)
        Get-EphemeralPortUsage            (whole table with owners)   vs  Get-LoopbackEndpoint -All
        ConflictAnalyzer.Analyze on the full -All table  (the analysis alone), as a scan and with every local port
                                                          of the table planned (every socket grouped and inspected):
                                                          its cost per socket stays flat as N grows if it is linear

    and prints the ratios. The target is Find-PortConflict <= 1.2x Get-LoopbackEndpoint -All at the largest N.

    Holders: tests/LoopbackTools.LoadHolder when the repository has it (built here), otherwise a python3 holder
    embedded below that speaks the same protocol ("ready <K> <port> <pid>", holds until stdin closes, tears down
    with SO_LINGER {1, 0} so no TIME_WAIT is left). Holders are killed in a finally block on any failure. Loopback
    only; every wait is bounded.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-ConflictBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-ConflictBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1 -Connections 1000,10000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Connection counts; "10000,50000" works too (pwsh -File passes it as one string). 50,000 connections = 100,000 sockets.
    [string[]] $Connections = @('10000', '50000'),

    [ValidateRange(1, 9)]
    [int] $Repeat = 3,

    [ValidateRange(100, 9900)]
    [int] $PerHolder = 9000,

    [ValidateRange(30, 900)]
    [int] $HolderTimeoutSeconds = 600,

    # Exit 1 when Find-PortConflict misses its 1.2x target at the largest N (default: report only).
    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
$Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
[int[]] $Connections = ConvertTo-ConnectionCount $Connections
$Target = 1.2

# The python3 holder: same command line and protocol as tests/LoopbackTools.LoadHolder.
$PythonHolder = @'
import resource, select, socket, struct, sys, time
k = int(sys.argv[sys.argv.index('--connections') + 1])
timeout = int(sys.argv[sys.argv.index('--timeout-seconds') + 1])
if not (0 <= k <= 9900 and 1 <= timeout <= 900):
    sys.exit(2)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 2 * k + 100), hard))
listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1024)
port = listener.getsockname()[1]
held = []
try:
    for i in range(k):
        c = socket.socket(); held.append(c); c.connect(('127.0.0.1', port))
        held.append(listener.accept()[0])
    print('ready %d %d %d' % (k, port, __import__('os').getpid()), flush=True)
    select.select([sys.stdin], [], [], timeout)
finally:
    reset = struct.pack('ii', 1, 0)
    for s in held:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset); s.close()
        except OSError:
            pass
    listener.close()
'@

$holderProject = Join-Path $Root 'tests/LoopbackTools.LoadHolder/LoopbackTools.LoadHolder.csproj'
$holder = if (Test-Path $holderProject) { Resolve-LoadHolder }
else {
    [pscustomobject]@{
        Name         = 'python3 holder (tests/LoopbackTools.LoadHolder is not in this checkout)'
        FilePath     = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
        ArgumentList = [string[]] @('-c', $PythonHolder)
    }
}

Import-Module (Resolve-Path $ModulePath) -Force

function Measure-Median {
    param([scriptblock] $Action)
    Get-Median @(foreach ($r in 1..$Repeat) { Measure-Milliseconds $Action }) -Lower
}

$cases = [ordered]@{
    'Get-LoopbackEndpoint -All' = { Get-LoopbackEndpoint -All -WarningAction SilentlyContinue }
    'Find-PortConflict'         = { Find-PortConflict -WarningAction SilentlyContinue }
    'Get-EphemeralPortUsage'    = { Get-EphemeralPortUsage -WarningAction SilentlyContinue }
}

# Warm the session: JIT, module load, first netlink socket, passwd and services files.
foreach ($action in $cases.Values) { $null = & $action }
# Only now is LoopbackTools.Core loaded (the cmdlets load it on first use).
$environment = (Get-EngineType 'LoopbackTools.Ranges.PortEnvironment')::ForCurrentPlatform()
$analyzer = Get-EngineType 'LoopbackTools.Conflicts.ConflictAnalyzer'
$plannedType = Get-EngineType 'LoopbackTools.Conflicts.PlannedBind'
$endpointList = [System.Collections.Generic.IReadOnlyList[LoopbackTools.Endpoint]]
$analyze = $analyzer.GetMethod('Analyze', [type[]] @($endpointList, $environment.GetType(), [Threading.CancellationToken]))
$analyzePlanned = $analyzer.GetMethod('Analyze', [type[]] @($endpointList, $environment.GetType(), $plannedType, [Threading.CancellationToken]))

Write-Host "Load: $($holder.Name)"
$results = [System.Collections.Generic.List[object]]::new()
$holders = $null
try {
    foreach ($n in $Connections) {
        Write-Host "N = $n connections: starting holders..."
        $holders = Start-LoadHolder -Holder $holder -Connections $n -PerHolder $PerHolder -TimeoutSeconds $HolderTimeoutSeconds
        Start-Sleep -Milliseconds 500
        $table = [LoopbackTools.Endpoint[]] @(Get-LoopbackEndpoint -All -WarningAction SilentlyContinue)
        $anchor = Measure-Median $cases['Get-LoopbackEndpoint -All']
        $analysis = Measure-Median { $analyze.Invoke($null, @($table, $environment, [Threading.CancellationToken]::None)) }
        # The worst case for the grouping: every local port of the table planned, so every socket lands in a group
        # that every rule inspects.
        $ports = [int[]] @($table | ForEach-Object LocalPort | Where-Object { $_ -gt 0 } | Sort-Object -Unique)
        $everyPort = [Activator]::CreateInstance($plannedType, @($ports, [LoopbackTools.TransportProtocol[]] @('Tcp', 'Udp'), $null))
        $plannedAll = Measure-Median { $analyzePlanned.Invoke($null, @($table, $environment, $everyPort, [Threading.CancellationToken]::None)) }
        foreach ($name in $cases.Keys) {
            $ms = if ($name -eq 'Get-LoopbackEndpoint -All') { $anchor } else { Measure-Median $cases[$name] }
            $results.Add([pscustomobject]@{
                N           = $n
                Sockets     = $table.Count
                Command     = $name
                Ms          = [Math]::Round($ms, 1)
                Ratio       = [Math]::Round($ms / [Math]::Max($anchor, 0.001), 2)
                ScanAnalysisMs    = [Math]::Round($analysis, 1)
                EveryPortMs       = [Math]::Round($plannedAll, 1)
                EveryPortUsSocket = if ($table.Count -gt 0) { [Math]::Round($plannedAll * 1000 / $table.Count, 2) } else { $null }
            })
            Write-Host ("  {0,-26} {1,9:N1} ms  ({2:N2}x Get-LoopbackEndpoint -All)" -f $name, $ms, ($ms / [Math]::Max($anchor, 0.001)))
        }
        Write-Host ("  ConflictAnalyzer.Analyze over all {0} endpoints: scan {1:N1} ms; every one of {2} local ports planned {3:N1} ms" -f
            $table.Count, $analysis, $everyPort.Ports.Count, $plannedAll)
        $table = $null
        Stop-LoadHolder $holders
        $holders = $null
    }
}
finally {
    Stop-LoadHolder $holders
}

$results | Format-Table -AutoSize N, Sockets, Command, Ms, Ratio, ScanAnalysisMs, EveryPortMs, EveryPortUsSocket | Out-String -Width 200 | Write-Host

$largest = ($Connections | Measure-Object -Maximum).Maximum
$find = $results | Where-Object { $_.N -eq $largest -and $_.Command -eq 'Find-PortConflict' } | Select-Object -First 1
$verdict = if ($find.Ratio -le $Target) { 'MET' } else { 'MISSED' }
Write-Host ("target Find-PortConflict at N={0}: {1:N2}x Get-LoopbackEndpoint -All, {2} (<= {3}x)" -f $largest, $find.Ratio, $verdict, $Target)
if ($FailOnMiss -and $verdict -eq 'MISSED') { exit 1 }
exit 0
