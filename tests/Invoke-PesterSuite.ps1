<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the pass/fail counts as JSON for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
# Test files import the module from here, so they run against the build, never an installed copy.
$env:LOOPBACKTOOLS_MODULE = $ModulePath

Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = @($TestPath -split ',')
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = [IO.Path]::ChangeExtension($ResultPath, '.xml')
$result = Invoke-Pester -Configuration $config

# Failed blocks and containers (a BeforeAll that throws, a file that does not parse) hide tests: count them as failures.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content $ResultPath
