<#
    What the benchmark scripts in this folder share: the load holders that put N established loopback connections on
    the machine, timing ss as a child process, and medians. The scripts import it with
    Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force.
#>

# A module has its own scopes: the importing script's strict mode and error preference do not reach in here.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function ConvertTo-ConnectionCount {
    <#
    .SYNOPSIS
        Turns a -Connections argument into connection counts, checked to be 0..60000.
    .DESCRIPTION
        pwsh -File passes "1000,10000" as one string, so each string is split on commas as well.
    #>
    [CmdletBinding()]
    [OutputType([int[]])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Connections)
    [int[]] $counts = @($Connections -split ',' | Where-Object { $_ } | ForEach-Object { [int] $_ })
    foreach ($n in $counts) { if ($n -lt 0 -or $n -gt 60000) { throw "connections must be 0..60000: $n" } }
    , $counts
}

function Resolve-LoadHolder {
    <#
    .SYNOPSIS
        Says how to start a LoopbackTools.LoadHolder: the program, its leading arguments and a name to print.
    .DESCRIPTION
        With -HolderPath (a built LoopbackTools.LoadHolder.dll) nothing is built; without it,
        tests/LoopbackTools.LoadHolder is built into out/bench/LoadHolder first.
    #>
    [CmdletBinding()]
    param([string] $HolderPath)
    if (-not $HolderPath) {
        $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $holderOut = Join-Path $root 'out/bench/LoadHolder'
        $holderProject = Join-Path $root 'tests/LoopbackTools.LoadHolder/LoopbackTools.LoadHolder.csproj'
        & dotnet build $holderProject -c Release -o $holderOut --nologo -v quiet | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "building the load holder failed ($LASTEXITCODE)" }
        $HolderPath = Join-Path $holderOut 'LoopbackTools.LoadHolder.dll'
    }
    [pscustomobject]@{
        Name         = 'LoopbackTools.LoadHolder'
        FilePath     = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
        ArgumentList = [string[]] @($HolderPath)
    }
}

function Start-LoadHolder {
    <#
    .SYNOPSIS
        Starts enough holders to hold -Connections established loopback connections and waits until each is ready.
    .DESCRIPTION
        At most -PerHolder connections go to one holder: both ends of a connection live in the same holder, two fds,
        and the fd limit is 20,000 per process. Each holder is started as
        <FilePath> <ArgumentList> --connections K --timeout-seconds T and must print a line starting with "ready"
        within -ReadySeconds. Returns the processes for Stop-LoadHolder; on any failure here (or Ctrl+C) the holders
        already started are stopped before this returns, since the caller never gets them to stop.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Generic.List[System.Diagnostics.Process]])]
    param(
        # From Resolve-LoadHolder, or any object with FilePath and ArgumentList for a holder of the same protocol.
        [Parameter(Mandatory)] [psobject] $Holder,
        [Parameter(Mandatory)] [int] $Connections,
        [Parameter(Mandatory)] [int] $PerHolder,
        [Parameter(Mandatory)] [int] $TimeoutSeconds,
        [int] $ReadySeconds = 180
    )
    $holders = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
    if ($Connections -le 0) { return , $holders }
    $count = [Math]::Ceiling($Connections / $PerHolder)
    $each = [Math]::Floor($Connections / $count)
    $extra = $Connections - $each * $count
    $ready = $false
    try {
        for ($i = 0; $i -lt $count; $i++) {
            $k = $each + $(if ($i -lt $extra) { 1 } else { 0 })
            $info = [System.Diagnostics.ProcessStartInfo]::new($Holder.FilePath)
            foreach ($a in @($Holder.ArgumentList) + @('--connections', "$k", '--timeout-seconds', "$TimeoutSeconds")) { $info.ArgumentList.Add($a) }
            $info.RedirectStandardInput = $true
            $info.RedirectStandardOutput = $true
            $info.UseShellExecute = $false
            $holders.Add([System.Diagnostics.Process]::Start($info))
        }
        foreach ($h in $holders) {
            $line = $h.StandardOutput.ReadLineAsync()
            # Result blocks until the read completes: ask for it only once Wait has said it did.
            if (-not $line.Wait([TimeSpan]::FromSeconds($ReadySeconds))) {
                throw "load holder $($h.Id) did not print 'ready' within $ReadySeconds s"
            }
            if ($null -eq $line.Result -or -not $line.Result.StartsWith('ready')) {
                throw "load holder $($h.Id) did not get ready: '$($line.Result)'"
            }
        }
        $ready = $true
    }
    finally {
        if (-not $ready) { Stop-LoadHolder $holders }
    }
    return , $holders
}

function Stop-LoadHolder {
    <#
    .SYNOPSIS
        Stops holders from Start-LoadHolder; accepts $null, so it can run unconditionally in a finally block.
    .DESCRIPTION
        Closing a holder's stdin makes it reset its connections (no TIME_WAIT) and exit; one that has not exited
        within 60 s is killed with its children.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [System.Diagnostics.Process[]] $Holder)
    if ($null -eq $Holder) { return }
    foreach ($h in $Holder) {
        try { if (-not $h.HasExited) { $h.StandardInput.Close() } } catch { }
    }
    foreach ($h in $Holder) {
        try {
            if (-not $h.WaitForExit(60000)) { $h.Kill($true); $null = $h.WaitForExit(10000) }
        } catch { }
        $h.Dispose()
    }
}

function Measure-SsCommand {
    <#
    .SYNOPSIS
        Runs ss with -Arguments as a child process, reads its whole output, and returns Ms and Rows.
    .DESCRIPTION
        The time covers start, the kernel read and printing the text: what ss really costs a script. Rows counts
        the non-empty lines minus the header. ss gets 120 s.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SsPath,
        [Parameter(Mandatory)] [string] $Arguments
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new($SsPath, $Arguments)
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($info)
    $text = $p.StandardOutput.ReadToEnd()
    if (-not $p.WaitForExit(120000)) { $p.Kill(); throw "ss $Arguments took over 120 s" }
    $sw.Stop()
    $p.Dispose()
    $lines = 0
    foreach ($l in $text.Split("`n")) { if ($l.Length -gt 0) { $lines++ } }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Rows = [Math]::Max(0, $lines - 1) }
}

function Measure-Milliseconds {
    <#
    .SYNOPSIS
        Runs -Action once, its output discarded, and returns its wall time in milliseconds.
    .DESCRIPTION
        Collects garbage first so that one measurement does not pay for the previous one's objects.
    #>
    [CmdletBinding()]
    [OutputType([double])]
    param([Parameter(Mandatory)] [scriptblock] $Action)
    [GC]::Collect()
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Action
    $sw.Stop()
    $sw.Elapsed.TotalMilliseconds
}

function Get-Median {
    <#
    .SYNOPSIS
        The median of -Values; with -Lower, the lower of the two middle values when their count is even.
    .DESCRIPTION
        -Lower returns a time that was actually measured; the load benchmarks have always reported that one, the
        port sweep the mean of the two middle values.
    #>
    [CmdletBinding()]
    [OutputType([double])]
    param(
        [Parameter(Mandatory)] [double[]] $Values,
        [switch] $Lower
    )
    $sorted = @($Values | Sort-Object)
    if ($Lower -or $sorted.Count % 2) { $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)] }
    else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Get-EngineType {
    <#
    .SYNOPSIS
        An internal type of LoopbackTools.Core, for benchmarks that time the engine without the cmdlet around it.
        The engine is not public API (only the model is), so benchmarks reach it through reflection.
    #>
    param([Parameter(Mandatory)] [string] $Name)
    [LoopbackTools.Endpoint].Assembly.GetType($Name, $true)
}

Export-ModuleMember -Function Get-EngineType, ConvertTo-ConnectionCount, Resolve-LoadHolder, Start-LoadHolder, Stop-LoadHolder,
    Measure-SsCommand, Measure-Milliseconds, Get-Median
