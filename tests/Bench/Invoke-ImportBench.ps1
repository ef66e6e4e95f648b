<#
.SYNOPSIS
    Where Import-Module of the built module spends its time, in fresh pwsh processes, beside an empty manifest module.
.DESCRIPTION
    Lays out variants of the built module in out/bench/Import (removed afterwards) and imports each -Repeat times, each
    time in a new pwsh process (warm disk: the files were just read), after a one-line script module has been imported
    so that PowerShell's own first-import work is paid before the clock starts:

        empty manifest   a .psd1 with one script function: what any manifest module costs (the anchor)
        dll only         Import-Module LoopbackTools.dll: loading the assemblies and finding the cmdlets
        no formats       the manifest with FormatsToProcess emptied: what the views cost is full minus this
        full             the built module as shipped (one format file, no types file: each further file of either
                         kind cost 12-19 ms when measured, so there is none)

    Reports the median wall and CPU milliseconds (user + kernel of the pwsh process during the import: on a shared
    machine, CPU time is what the import itself costs) and the full module's ratio to the anchor. The target of
    issue 14 is 100 ms wall for the full module.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Bench/Invoke-ImportBench.ps1 -ModulePath out/LoopbackTools/LoopbackTools.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(3, 31)]
    [int] $Repeat = 9
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

$built = Split-Path (Resolve-Path $ModulePath)
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$work = Join-Path $root 'out/bench/Import'
$dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
$pwshDll = Join-Path $PSHOME 'pwsh.dll'

function New-Variant {
    param([string] $Name, [switch] $NoFormats)
    $dir = Join-Path $work "$Name/LoopbackTools"
    $null = New-Item -ItemType Directory -Path $dir -Force
    Copy-Item (Join-Path $built '*') $dir -Recurse -Force
    $manifest = Join-Path $dir 'LoopbackTools.psd1'
    $text = Get-Content $manifest -Raw
    if ($NoFormats) { $text = $text -replace '(?m)^(\s*FormatsToProcess\s*=).*$', '$1 @()' }
    Set-Content $manifest $text -NoNewline
    $manifest
}

# The child's script: pay PowerShell's first-import cost on a one-line module, then time the import alone.
$measure = @'
param($Warm, $Target)
Import-Module $Warm
$self = [Diagnostics.Process]::GetCurrentProcess(); $cpu = $self.TotalProcessorTime
$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Target
$wall = $sw.Elapsed.TotalMilliseconds; $self.Refresh()
'{0} {1}' -f [int] $wall, [int] ($self.TotalProcessorTime - $cpu).TotalMilliseconds
'@

try {
    $null = New-Item -ItemType Directory -Path (Join-Path $work 'Empty') -Force
    Set-Content (Join-Path $work 'Warm.psm1') 'function Get-Warm { }'
    Set-Content (Join-Path $work 'Empty/Empty.psm1') 'function Get-Empty { }'
    Set-Content (Join-Path $work 'Empty/Empty.psd1') "@{ ModuleVersion = '1.0'; RootModule = 'Empty.psm1'; FunctionsToExport = @('Get-Empty') }"
    $script = Join-Path $work 'Measure-Import.ps1'
    Set-Content $script $measure
    $variants = [ordered]@{
        'empty manifest'  = Join-Path $work 'Empty/Empty.psd1'
        'dll only'        = Join-Path (Split-Path (New-Variant 'DllOnly')) 'LoopbackTools.dll'
        'no formats'      = New-Variant 'Bare' -NoFormats
        'full'            = New-Variant 'Full'
    }
    $results = [System.Collections.Generic.List[object]]::new()
    $wall = @{}; $cpu = @{}
    foreach ($name in $variants.Keys) { $wall[$name] = @(); $cpu[$name] = @() }
    # Each child starts as from a login shell: PSModulePath is what this pwsh set up for itself, and a child that
    # inherits it imports 10 ms slower than one a user starts (measured: medians 68 against 56 ms).
    $inherited = $env:PSModulePath
    try {
        $env:PSModulePath = $null
        # Interleaved, so that a burst of load on the machine hits every variant alike.
        for ($r = 0; $r -lt $Repeat; $r++) {
            foreach ($name in $variants.Keys) {
                $out = & $dotnet $pwshDll -NoProfile -NonInteractive -File $script (Join-Path $work 'Warm.psm1') $variants[$name]
                if ($LASTEXITCODE -ne 0) { throw "importing $name failed: $out" }
                $parts = "$out".Trim() -split ' '
                $wall[$name] += [double] $parts[0]; $cpu[$name] += [double] $parts[1]
            }
        }
    }
    finally { $env:PSModulePath = $inherited }
    $anchor = Get-Median $wall['empty manifest']
    foreach ($name in $variants.Keys) {
        $w = Get-Median $wall[$name]
        $results.Add([pscustomobject]@{
            Variant  = $name
            WallMs   = [Math]::Round($w, 0)
            CpuMs    = [Math]::Round((Get-Median $cpu[$name]), 0)
            VsEmpty  = [Math]::Round($w / [Math]::Max(1, $anchor), 2)
        })
    }
    $results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $full = ($results | Where-Object Variant -eq 'full').WallMs
    Write-Host ("target Import-Module {0} ms wall {1} (<= 100 ms); {2:N2}x an empty manifest module" -f $full,
        $(if ($full -le 100) { 'MET' } else { 'MISSED' }), ($full / [Math]::Max(1, $anchor)))
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit 0
