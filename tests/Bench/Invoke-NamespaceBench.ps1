<#
.SYNOPSIS
    Times Get-LoopbackEndpoint -NetworkNamespace All over N namespaces of K sockets each against one
    Get-LoopbackEndpoint -All over the same N*K sockets in one namespace, beside ss run in every namespace.
.DESCRIPTION
    Phase 1: one python3 holder in this namespace holds N*K/2 established loopback connections (N*K sockets); in one warm
    pwsh session the median of -Repeat runs of `Get-LoopbackEndpoint -All` is the anchor, beside `ss -tanp`.
    Phase 2: N network namespaces (ip netns add, loopback up), each with a holder of K/2 connections (K sockets); the
    median of `Get-LoopbackEndpoint -NetworkNamespace All -All` is compared with the anchor (target: at most 1.5x), beside
    `for ns in <every namespace>; do nsenter -n ss -tanp; done` run as one shell. Namespaces other tests make on this
    machine at the same time are read too; their rows are counted and reported, not hidden.
    Holders reset their connections when stdin closes (SO_LINGER {1, 0}: no TIME_WAIT left behind) and end by themselves
    after 600 s; every namespace is deleted in a finally block. Needs root.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-NamespaceBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 100)]
    [int] $Namespaces = 20,

    # Sockets per namespace (even: both ends of each connection are counted).
    [ValidateRange(2, 18000)]
    [int] $SocketsPerNamespace = 500,

    [ValidateRange(1, 9)]
    [int] $Repeat = 3,

    [switch] $FailOnMiss
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

if (-not $IsLinux) { throw 'The namespace benchmark runs on Linux only.' }
if ((& id -u) -ne '0') { throw 'The namespace benchmark makes network namespaces: run it as root.' }
$ss = (Get-Command ss -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$nsenter = (Get-Command nsenter -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
Import-Module (Resolve-Path $ModulePath) -Force

$holderCode = @'
import os, signal, socket, struct, sys
signal.alarm(600)
n = int(sys.argv[1])
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(4096)
keep = [l]
for _ in range(n):
    c = socket.create_connection(('127.0.0.1', l.getsockname()[1])); a, _ = l.accept(); keep += [c, a]
print('ready', n, os.getpid(), flush=True)
sys.stdin.read()
for s in keep:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); s.close()
'@

function Start-Holder {
    param([int] $Connections, [string] $Netns)
    $psi = if ($Netns) { [System.Diagnostics.ProcessStartInfo]::new('ip') } else { [System.Diagnostics.ProcessStartInfo]::new('python3') }
    if ($Netns) { foreach ($a in 'netns', 'exec', $Netns, 'python3') { $psi.ArgumentList.Add($a) } }
    foreach ($a in '-c', $holderCode, "$Connections") { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($psi)
}

function Wait-Holder {
    param([System.Diagnostics.Process[]] $Holder)
    foreach ($h in $Holder) {
        $line = $h.StandardOutput.ReadLineAsync()
        if (-not $line.Wait(180000) -or -not "$($line.Result)".StartsWith('ready')) { throw "holder $($h.Id) did not get ready" }
    }
}

function Stop-Holder {
    param([AllowNull()] [System.Diagnostics.Process[]] $Holder)
    foreach ($h in @($Holder)) { if ($h) { try { $h.StandardInput.Close() } catch { } } }
    foreach ($h in @($Holder)) {
        if ($h) { try { if (-not $h.WaitForExit(60000)) { $h.Kill($true) } } catch { }; $h.Dispose() }
    }
}

function Measure-Ours {
    param([hashtable] $Parameters)
    [GC]::Collect()
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = Get-LoopbackEndpoint @Parameters -WarningAction SilentlyContinue
    $sw.Stop()
    $tcp = 0
    foreach ($r in $rows) { if ($r.Protocol -eq 'Tcp') { $tcp++ } }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Rows = $tcp }
}

function Measure-SsLoop {
    <# One shell that runs nsenter -n ss -tanp in every namespace, its whole output read: what a script would run. #>
    param([string[]] $Targets)
    $loop = 'for t in "$@"; do "' + $nsenter + '" --net="$t" "' + $ss + '" -tanp; done'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('sh')
    foreach ($a in @('-c', $loop, 'sh') + $Targets) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $text = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $sw.Stop()
    $rows = 0
    foreach ($l in $text.Split("`n")) { if ($l.Length -gt 0 -and -not $l.StartsWith('State')) { $rows++ } }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Rows = $rows }
}

$total = $Namespaces * $SocketsPerNamespace
$perHolder = [int] ($SocketsPerNamespace / 2)
$results = [System.Collections.Generic.List[object]]::new()
$names = [System.Collections.Generic.List[string]]::new()
$holders = $null
try {
    # Warm the session: JIT, module load, first netlink socket, the namespace thread.
    $null = Measure-Ours @{ All = $true }
    $null = Measure-Ours @{ All = $true; NetworkNamespace = 'All' }

    Write-Host "Phase 1: $total sockets in this namespace..."
    $holders = @(Start-Holder -Connections ($total / 2))
    Wait-Holder $holders
    Start-Sleep -Milliseconds 500
    $one = @(); $oneSs = @(); $oneRows = 0; $oneSsRows = 0
    for ($r = 0; $r -lt $Repeat; $r++) {
        $o = Measure-Ours @{ All = $true }; $one += $o.Ms; $oneRows = $o.Rows
        $s = Measure-SsCommand -SsPath $ss -Arguments '-tanp'; $oneSs += $s.Ms; $oneSsRows = $s.Rows
    }
    Stop-Holder $holders
    $holders = $null

    Write-Host "Phase 2: $Namespaces namespaces of $SocketsPerNamespace sockets..."
    $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
    for ($i = 0; $i -lt $Namespaces; $i++) {
        $name = "lbt-bench-$tag-$i"
        & ip netns add $name
        if ($LASTEXITCODE -ne 0) { throw "ip netns add $name failed" }
        $names.Add($name)
        & ip netns exec $name ip link set lo up
    }
    $benchInodes = @(foreach ($name in $names) { [uint64] (& stat -L -c '%i' "/run/netns/$name") })
    $holders = @(foreach ($name in $names) { Start-Holder -Connections $perHolder -Netns $name })
    Wait-Holder $holders
    Start-Sleep -Milliseconds 500

    # ss in every namespace ours reads: one process per distinct /proc/*/ns/net target, plus names without processes.
    $targets = [System.Collections.Generic.Dictionary[string, string]]::new()
    foreach ($dir in Get-ChildItem /proc -Directory | Where-Object Name -Match '^\d+$') {
        $link = try { (Get-Item "$($dir.FullName)/ns/net" -ErrorAction Stop).LinkTarget } catch { $null }
        if ($link -and -not $targets.ContainsKey($link)) { $targets[$link] = "$($dir.FullName)/ns/net" }
    }
    foreach ($file in Get-ChildItem /run/netns -File -ErrorAction SilentlyContinue) {
        $id = "net:[$(& stat -L -c '%i' $file.FullName)]"
        if (-not $targets.ContainsKey($id)) { $targets[$id] = $file.FullName }
    }

    $all = @(); $loop = @(); $allRows = 0; $loopRows = 0; $benchRows = 0
    for ($r = 0; $r -lt $Repeat; $r++) {
        [GC]::Collect()
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $rows = Get-LoopbackEndpoint -All -NetworkNamespace All -WarningAction SilentlyContinue
        $sw.Stop()
        $all += $sw.Elapsed.TotalMilliseconds
        $allRows = @($rows | Where-Object Protocol -EQ 'Tcp').Count
        $benchRows = @($rows | Where-Object { $_.Protocol -eq 'Tcp' -and $_.NetworkNamespace -in $benchInodes }).Count
        $s = Measure-SsLoop -Targets @($targets.Values); $loop += $s.Ms; $loopRows = $s.Rows
    }
    $ours = Get-Median $all -Lower
    $anchor = Get-Median $one -Lower
    $results.Add([pscustomobject]@{
        Case = "-All, 1 namespace, $total sockets"; RowsOurs = $oneRows; OursMs = [Math]::Round($anchor, 1)
        Other = 'ss -tanp'; OtherRows = $oneSsRows; OtherMs = [Math]::Round((Get-Median $oneSs -Lower), 1)
    })
    $results.Add([pscustomobject]@{
        Case = "-NetworkNamespace All, $Namespaces x $SocketsPerNamespace"; RowsOurs = $allRows; OursMs = [Math]::Round($ours, 1)
        Other = "nsenter -n ss -tanp x $($targets.Count)"; OtherRows = $loopRows; OtherMs = [Math]::Round((Get-Median $loop -Lower), 1)
    })
}
finally {
    Stop-Holder $holders
    foreach ($name in $names) { & ip netns del $name 2>$null }
}

$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$ratio = [Math]::Round($ours / [Math]::Max($anchor, 0.001), 2)
Write-Host ("TCP rows in the benchmark's {0} namespaces: {1} (expected {2} connection ends plus {0} listeners)." -f $Namespaces, $benchRows, $total)
Write-Host ("Namespaces read: {0} (the {1} of the benchmark, this one, and those other processes on the machine hold)." -f
    $targets.Count, $Namespaces)
$verdict = if ($ratio -le 1.5) { 'MET' } else { 'MISSED' }
Write-Host ("target -NetworkNamespace All / -All in one namespace: {0:N2}x {1} (<= 1.5x)" -f $ratio, $verdict)
Write-Host ("ours / ss loop: {0:N2}x" -f ($ours / [Math]::Max((Get-Median $loop -Lower), 0.001)))
if ($FailOnMiss -and $verdict -eq 'MISSED') { exit 1 }
exit 0
