<#
.SYNOPSIS
    Builds, documents, tests and benchmarks LoopbackTools.
.DESCRIPTION
    Build  lays out the module in out/LoopbackTools (dlls, manifest, format and types files) and compiles help.
    Docs   compiles docs/en-US/*.md to out/LoopbackTools/en-US (MAML and the about topic).
    Test   builds, runs xunit (core), Pester (cmdlets as users call them) and every fuzz target for two seconds
           with a fixed seed, and ends with one line "N passed, N failed" that adds them up; exits non-zero on any
           failure or when no test ran. -XunitFilter and -PesterPath narrow the run while developing (CI runs
           everything); -SkipXunit, -SkipPester and -SkipFuzz leave one side out.
    Fuzz   builds and feeds every parser random and mutated input for -Seconds each (60 by default), with -Seed or a
           random seed it prints; fails on an undocumented exception, an input slower than 1 s per MB, or a crashed
           or hung process. Findings go to out/fuzz/findings (tests/Fuzz/Corpus/README.md says what to do with one).
    Bench  builds and runs the benchmarks side by side with their anchor tools (ss, nmap) on loopback.
    Run    builds, imports the module and shows this machine's loopback inventory.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Bench', 'Run', 'Fuzz')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # A dotnet test --filter expression, e.g. 'FullyQualifiedName~Netlink'.
    [string] $XunitFilter,

    # Pester files or folders to run instead of tests/Pester (comma-separated also works from a shell: a,b).
    [string[]] $PesterPath,

    [switch] $SkipXunit,

    [switch] $SkipPester,

    [switch] $SkipFuzz,

    # Fuzz: seconds per target.
    [double] $Seconds = 60,

    # Fuzz: the random seed (a run with the same seed makes the same inputs); random when not given.
    [int] $Seed
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'LoopbackTools'
$ModuleManifest = Join-Path $ModuleOut 'LoopbackTools.psd1'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @())
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/LoopbackTools/LoopbackTools.csproj'), '-c', $Configuration, '-o', $ModuleOut, '--nologo', '-v', 'quiet')
    # PowerShellStandard.Library is a reference assembly: the real one comes from the host.
    Get-ChildItem $ModuleOut -Filter 'System.Management.Automation.dll' | Remove-Item
    Invoke-DocsTask
    Write-Host "Module laid out in $ModuleOut"
}

function Invoke-DocsTask {
    $compiler = Join-Path $Root 'src/LoopbackTools.HelpCompiler/LoopbackTools.HelpCompiler.csproj'
    Invoke-Native dotnet @('run', '--project', $compiler, '-c', $Configuration, '--', (Join-Path $Root 'docs/en-US'), (Join-Path $ModuleOut 'en-US'))
}

function Get-TrxCounts {
    param([string] $Folder)
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Folder -Filter '*.trx' -ErrorAction SilentlyContinue) {
        [xml] $trx = Get-Content $file.FullName -Raw
        $counters = $trx.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Install-DebianCommand {
    <# Tests and benchmarks drive real programs (python3 children, setpriv, unshare, ip, nmap); install any that are missing. #>
    param([Parameter(Mandatory)] [hashtable] $CommandToPackage)
    $missing = @($CommandToPackage.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
    if ($missing.Count -eq 0 -or -not $IsLinux) { return }
    $packages = @($missing | ForEach-Object { $CommandToPackage[$_] } | Sort-Object -Unique)
    Write-Host "Installing Debian packages for $($missing -join ', '): $($packages -join ' ')"
    & apt-get install -y --no-install-recommends @packages
    if ($LASTEXITCODE -ne 0) {
        Invoke-Native apt-get @('update')
        Invoke-Native apt-get (@('install', '-y', '--no-install-recommends') + $packages)
    }
}

function Invoke-TestTask {
    Install-DebianCommand @{ python3 = 'python3'; setpriv = 'util-linux'; unshare = 'util-linux'; ip = 'iproute2' }
    Invoke-BuildTask
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory $results

    # xunit: the exit code is not trusted alone; the trx counters are summed with Pester's.
    $xunit = [pscustomobject]@{ Passed = 0; Failed = 0 }
    if (-not $SkipXunit) {
        $filter = if ($XunitFilter) { @('--filter', $XunitFilter) } else { @() }
        & dotnet test (Join-Path $Root 'tests/LoopbackTools.Core.Tests/LoopbackTools.Core.Tests.csproj') -c $Configuration --nologo `
            --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $results @filter
        $xunitExit = $LASTEXITCODE
        $xunit = Get-TrxCounts $results
        if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }   # a crash before any result counts as a failure
    }

    $pester = [pscustomobject]@{ Passed = 0; Failed = 0 }
    if (-not $SkipPester) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/PesterRestore/PesterRestore.csproj'), '--nologo', '-v', 'quiet')
        $pesterModule = Join-Path $Out 'packages/pester/5.7.1/tools/Pester.psd1'
        $pesterJson = Join-Path $results 'pester.json'
        $testPath = if ($PesterPath) { ($PesterPath -split ',' | ForEach-Object { (Resolve-Path $_).Path }) -join ',' } else { Join-Path $Root 'tests/Pester' }
        # A child pwsh, so the module under test loads into a clean session.
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') `
            -PesterPath $pesterModule -ModulePath $ModuleManifest -TestPath $testPath -ResultPath $pesterJson
        $pester = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { $null }
        if ($null -eq $pester -or $null -eq $pester.Passed) {
            # The suite did not get as far as writing its counts: a crash is a failure, never "0 failed".
            $pester = [pscustomobject]@{ Passed = 0; Failed = 1 }
        }
    }

    # Every fuzz target, briefly and with a fixed seed: the corpus of past findings is replayed, and a few seconds of
    # mutations per parser catch a new crash or quadratic corner before it ships. Each target counts as one test.
    $fuzz = [pscustomobject]@{ Passed = 0; Failed = 0 }
    if (-not $SkipFuzz) {
        $fuzz = Invoke-Fuzzer -SecondsEach 2 -FuzzSeed 20261127 -MaxSize 262144 -ResultPath (Join-Path $results 'fuzz.json')
    }

    $passed = $xunit.Passed + $pester.Passed + $fuzz.Passed
    $failed = $xunit.Failed + $pester.Failed + $fuzz.Failed
    Write-Host ("xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed; " +
        "fuzz: $($fuzz.Passed) passed, $($fuzz.Failed) failed")
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Fuzzer {
    <# Builds tests/Fuzz and runs every target in worker processes; returns its pass/fail counts (a crash counts as failed). #>
    param([double] $SecondsEach, [int] $FuzzSeed, [int] $MaxSize = 1MB, [string] $ResultPath)
    $project = Join-Path $Root 'tests/Fuzz/LoopbackTools.Fuzz.csproj'
    Invoke-Native dotnet @('build', $project, '-c', $Configuration, '--nologo', '-v', 'quiet') | Out-Host
    $fuzzer = Join-Path $Root "tests/Fuzz/bin/$Configuration/net10.0/LoopbackTools.Fuzz.dll"
    $findings = Join-Path $Out 'fuzz/findings'
    if (Test-Path $ResultPath) { Remove-Item $ResultPath }
    # The cmdlet-level targets run the built module in a child pwsh: this very PowerShell, started again.
    & dotnet $fuzzer --seconds $SecondsEach --seed $FuzzSeed --max-size $MaxSize --corpus (Join-Path $Root 'tests/Fuzz/Corpus') `
        --findings $findings --result $ResultPath --dotnet ([Environment]::ProcessPath) `
        --pwsh ([System.Reflection.Assembly]::GetEntryAssembly().Location) --module $ModuleManifest | Out-Host
    $result = if (Test-Path $ResultPath) { Get-Content $ResultPath -Raw | ConvertFrom-Json } else { $null }
    if ($null -eq $result) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    [pscustomobject]@{ Passed = [int] $result.Passed; Failed = [int] $result.Failed }
}

function Invoke-FuzzTask {
    Invoke-BuildTask
    $fuzzSeed = if ($Seed) { $Seed } else { Get-Random -Minimum 1 -Maximum ([int]::MaxValue) }
    Write-Host "Fuzzing with seed $fuzzSeed (repeat a run with -Seed $fuzzSeed)"
    $null = New-Item -ItemType Directory -Force (Join-Path $Out 'fuzz')
    $fuzz = Invoke-Fuzzer -SecondsEach $Seconds -FuzzSeed $fuzzSeed -ResultPath (Join-Path $Out 'fuzz/result.json')
    if ($fuzz.Failed -gt 0) { exit 1 }
}

function Invoke-BenchTask {
    Invoke-BuildTask
    foreach ($bench in Get-ChildItem (Join-Path $Root 'tests/Bench') -Filter 'Invoke-*Bench.ps1' | Sort-Object Name) {
        Write-Host "== $($bench.BaseName)"
        & dotnet pwsh -NoProfile -NonInteractive -File $bench.FullName -ModulePath $ModuleManifest
        if ($LASTEXITCODE -ne 0) { throw "$($bench.Name) failed with exit code $LASTEXITCODE." }
    }
}

function Invoke-RunTask {
    Invoke-BuildTask
    Import-Module $ModuleManifest -Force
    Get-LoopbackEndpoint | Format-Table -AutoSize | Out-Host
}

foreach ($t in $Task) {
    & "Invoke-$($t)Task"
}
