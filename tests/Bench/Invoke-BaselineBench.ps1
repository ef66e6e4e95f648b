<#
.SYNOPSIS
    Big baselines: Compare-LoopbackBaseline -Path over a fleet-wide baseline of -Rows rows in each format, beside the
    cmdlet that reads the same file into PowerShell (Import-Csv, ConvertFrom-Json, Import-Clixml) as the anchor.

.DESCRIPTION
    Each measurement runs in a fresh pwsh (the module imported, not timed), so the peak resident memory (VmHWM) is
    that command's alone; the median of -Repeat runs is reported. The files are written by New-FleetBaselineFile
    (tests/Pester/BaselineTestHelpers.psm1): Export-Csv / ConvertTo-Json / Export-Clixml text of a template Endpoint
    repeated with each row's values, 20 services per host, each host with its own executable paths. Compared with
    this machine, nearly every row is Removed: the result is as large as the baseline.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Rows = 100000,
    [ValidateSet('csv', 'json', 'xml')] [string[]] $Format = @('csv', 'json', 'xml'),
    [int] $Repeat = 3
)

$ErrorActionPreference = 'Stop'
$env:LOOPBACKTOOLS_MODULE = (Resolve-Path $ModulePath).Path
Import-Module $env:LOOPBACKTOOLS_MODULE -Force
Import-Module (Join-Path $PSScriptRoot '../Pester/BaselineTestHelpers.psm1') -Force

$dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-baseline-bench-$([guid]::NewGuid())"
$null = New-Item -ItemType Directory $dir
try {
    $anchors = @{
        csv = 'Import-Csv', "@(Import-Csv -LiteralPath '{0}').Count"
        json = 'ConvertFrom-Json', "@(Get-Content -LiteralPath '{0}' -Raw | ConvertFrom-Json).Count"
        xml = 'Import-Clixml', "@(Import-Clixml -LiteralPath '{0}').Count"
    }
    $results = foreach ($f in $Format) {
        $file = Join-Path $dir "fleet.$f"
        $null = New-FleetBaselineFile -Path $file -Rows $Rows
        $mb = (Get-Item $file).Length / 1MB
        $cases = [ordered]@{
            $anchors[$f][0] = $anchors[$f][1] -f $file
            'Compare-LoopbackBaseline -Path' = "@(Compare-LoopbackBaseline -Path '$file' -WarningAction SilentlyContinue).Count"
        }
        foreach ($case in $cases.GetEnumerator()) {
            $runs = 1..$Repeat | ForEach-Object { Get-ChildPeakMemory -Script $case.Value -TimeoutSeconds 900 }
            $median = { param($values) ($values | Sort-Object)[[math]::Floor(($values.Count - 1) / 2)] }
            [pscustomobject]@{
                Format = $f
                MB = [math]::Round($mb, 1)
                Command = $case.Key
                Objects = $runs[0].Output
                Seconds = [math]::Round((& $median @($runs.Seconds)), 2)
                PeakMiB = & $median @($runs.PeakMiB)
            }
        }
    }

    $results | Format-Table -AutoSize | Out-String -Width 200
    foreach ($f in $Format) {
        $pair = @($results | Where-Object Format -EQ $f)
        '{0}: Compare-LoopbackBaseline / {1}: time {2:N2}, peak memory {3:N2}' -f $f, $pair[0].Command,
            ($pair[1].Seconds / $pair[0].Seconds), ($pair[1].PeakMiB / $pair[0].PeakMiB)
    }
}
finally {
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
