<#
.SYNOPSIS
    Builds, documents, tests and benchmarks LoopbackTools.
.DESCRIPTION
    Build  lays out the module in out/LoopbackTools (dlls, manifest, format and types files) and compiles help.
    Docs   compiles docs/en-US/*.md to out/LoopbackTools/en-US (MAML and the about topic).
    Package builds and writes out/LoopbackTools.<version>.nupkg: the module, its help and LICENSE, nothing of the
           tests or the build, installable with Install-PSResource from a file share or feed.
    Test   builds, runs xunit (core), Pester (cmdlets as users call them) and every fuzz target for two seconds
           with a fixed seed, and ends with one line "N passed, N failed" that adds them up; exits non-zero on any
           failure or when no test ran. -XunitFilter and -PesterPath narrow the run while developing (CI runs
           everything); -SkipXunit, -SkipPester and -SkipFuzz leave one side out.
    Fuzz   builds and feeds every parser random and mutated input for -Seconds each (60 by default), with -Seed or a
           random seed it prints; fails on an undocumented exception, an input slower than 1 s per MB, or a crashed
           or hung process. Findings go to out/fuzz/findings (tests/Fuzz/Corpus/README.md says what to do with one).
    Bench  builds and runs the benchmarks side by side with their anchor tools (ss, nmap) on loopback.
    Integration  (not CI; root; takes minutes) installs Podman and, if it can, Docker from the Debian packages, builds,
           and runs tests/Lab/Containers.Integration.Tests.ps1: real containers with a port published on 127.0.0.1,
           attributed by name on both sides; ends with "N passed, N failed" like Test.
    Fleet  builds and runs only the large fleet check, kept out of Test (whose -Session tests use 3 hosts): the fleet
           benchmark over 10 lab hosts (tests/Bench/Invoke-FleetBench.ps1, also part of Bench), a few minutes.
    BusyMachine
           runs the Test task on a machine that looks like a real one (not in CI): in a private network namespace
           with this host's addresses, where other processes named nginx, postgres, redis-server... already listen on
           0.0.0.0 on -BusyPorts, while -LoadProcesses busy loops keep the CPU loaded. Ends with the suite's own
           "N passed, N failed" line and a summary of what was held.
    Run    builds, imports the module and shows this machine's loopback inventory.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Package', 'Test', 'Bench', 'Integration', 'Fleet', 'Run', 'BusyMachine', 'Fuzz')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # A dotnet test --filter expression, e.g. 'FullyQualifiedName~Netlink'.
    [string] $XunitFilter,

    # Pester files or folders to run instead of tests/Pester (comma-separated also works from a shell: a,b).
    [string[]] $PesterPath,

    [switch] $SkipXunit,

    [switch] $SkipPester,

    # BusyMachine: the ports the usual services hold (web, node, MySQL, Flask, PostgreSQL, Redis, dev servers, Java,
    # Elasticsearch, memcached, MongoDB).
    [int[]] $BusyPorts = @(80, 443, 3000, 3306, 5000, 5432, 6379, 8000, 8080, 9200, 11211, 27017),

    # BusyMachine: CPU-bound processes running beside the suite (default: one per core).
    [ValidateRange(0, 256)]
    [int] $LoadProcesses = [Environment]::ProcessorCount,

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
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/LoopbackTools/LoopbackTools.csproj'), '-c', $Configuration, '-o', $ModuleOut,
        '--nologo', '-v', 'quiet')
    # PowerShellStandard.Library is a reference assembly: the real one comes from the host.
    Get-ChildItem $ModuleOut -Filter 'System.Management.Automation.dll' | Remove-Item
    Set-ReleaseNotes
    Invoke-DocsTask
    Write-Host "Module laid out in $ModuleOut"
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'module/LoopbackTools.psd1')).ModuleVersion
}

function Get-ReleaseNotes {
    <# The CHANGELOG.md entry of a version: the lines under its "## [version]" heading, up to the next version. #>
    param([Parameter(Mandatory)] [string] $Version)
    $lines = Get-Content (Join-Path $Root 'CHANGELOG.md')
    $start = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match "^## \[$([regex]::Escape($Version))\]" })
    if ($start -lt 0) { throw "CHANGELOG.md has no entry for version $Version (the manifest's ModuleVersion)." }
    $end = [array]::FindIndex([string[]] $lines, $start + 1, [Predicate[string]] { param($l) $l -match '^## \[' })
    if ($end -lt 0) { $end = $lines.Count }
    ($lines[($start + 1)..($end - 1)] -join "`n").Trim()
}

function Set-ReleaseNotes {
    # The built manifest carries this version's CHANGELOG entry; the source manifest leaves it empty (one source).
    $notes = (Get-ReleaseNotes (Get-ModuleVersion)).Replace("'", "''")
    $text = Get-Content $ModuleManifest -Raw
    $marker = "ReleaseNotes = ''"
    if (-not $text.Contains($marker)) { throw "module/LoopbackTools.psd1 has no `"$marker`" to fill from CHANGELOG.md." }
    Set-Content $ModuleManifest ($text.Replace($marker, "ReleaseNotes = '$notes'")) -NoNewline
}

function Invoke-PackageTask {
    Invoke-BuildTask
    # Stage what ships: the module and its help plus the licence; debug symbols and anything of the build stay out.
    $stage = Join-Path $Out 'package/LoopbackTools'
    if (Test-Path (Split-Path $stage)) { Remove-Item (Split-Path $stage) -Recurse -Force }
    $null = New-Item -ItemType Directory $stage
    Copy-Item (Join-Path $ModuleOut '*') $stage -Recurse -Exclude '*.pdb'
    Copy-Item (Join-Path $Root 'LICENSE') $stage
    Get-ChildItem $Out -Filter 'LoopbackTools.*.nupkg' | Remove-Item
    # Compress-PSResource (PSResourceGet 1.1+) writes the same .nupkg Publish-PSResource would, without registering a
    # repository in the user's PSResourceGet settings.
    Compress-PSResource -Path $stage -DestinationPath $Out
    $package = Join-Path $Out "LoopbackTools.$(Get-ModuleVersion).nupkg"
    if (-not (Test-Path $package)) { throw "Compress-PSResource did not write $package." }
    Write-Host "Package written to $package"
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

# What the fleet lab of the -Session tests and benchmark runs (tests/Lab/FleetLab.psm1): an sshd per network namespace,
# keys made per run, a python3 listener per host.
$FleetLabCommands = @{
    sshd = 'openssh-server'; ssh = 'openssh-client'; 'ssh-keygen' = 'openssh-client'; ip = 'iproute2'; python3 = 'python3'
    setpriv = 'util-linux'
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
    Install-DebianCommand $FleetLabCommands
    # The package, not only the module folder: a Pester test installs it the way users do.
    Invoke-PackageTask
    $env:LOOPBACKTOOLS_PACKAGE = Join-Path $Out "LoopbackTools.$(Get-ModuleVersion).nupkg"
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
        $testPath = if ($PesterPath) {
            ($PesterPath -split ',' | ForEach-Object { (Resolve-Path $_).Path }) -join ','
        } else {
            Join-Path $Root 'tests/Pester'
        }
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

function Invoke-FleetTask {
    Install-DebianCommand $FleetLabCommands
    Invoke-BuildTask
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Bench/Invoke-FleetBench.ps1') -ModulePath $ModuleManifest
    if ($LASTEXITCODE -ne 0) { throw "Invoke-FleetBench.ps1 failed with exit code $LASTEXITCODE." }
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
    Install-DebianCommand $FleetLabCommands
    Invoke-BuildTask
    foreach ($bench in Get-ChildItem (Join-Path $Root 'tests/Bench') -Filter 'Invoke-*Bench.ps1' | Sort-Object Name) {
        Write-Host "== $($bench.BaseName)"
        & dotnet pwsh -NoProfile -NonInteractive -File $bench.FullName -ModulePath $ModuleManifest
        if ($LASTEXITCODE -ne 0) { throw "$($bench.Name) failed with exit code $LASTEXITCODE." }
    }
}

function Install-DebianPackage {
    <# Installs the packages that are not installed yet (dpkg's own answer), with apt-get update only if that fails. #>
    param([Parameter(Mandatory)] [string[]] $Package)
    $missing = @($Package | Where-Object { "$(& dpkg-query -W -f='${Status}' $_ 2>$null)" -notlike '*install ok installed*' })
    if ($missing.Count -eq 0) { return }
    Write-Host "Installing Debian packages: $($missing -join ' ')"
    & apt-get install -y --no-install-recommends @missing
    if ($LASTEXITCODE -ne 0) {
        Invoke-Native apt-get @('update')
        Invoke-Native apt-get (@('install', '-y', '--no-install-recommends') + $missing)
    }
}

function Invoke-IntegrationTask {
    if (-not $IsLinux -or (& id -u) -ne '0') { throw 'The container integration task runs on Linux, as root.' }
    # Podman as the notes found it working here; its policy-rc.d keeps the image from starting services itself.
    Install-DebianPackage @('podman', 'runc', 'conmon', 'netavark', 'aardvark-dns', 'catatonit', 'busybox-static', 'iptables', 'uidmap')
    try { Install-DebianPackage @('docker.io') }
    catch { Write-Warning "Docker could not be installed ($_); its tests are skipped." }
    Invoke-BuildTask
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/PesterRestore/PesterRestore.csproj'), '--nologo', '-v', 'quiet')
    $results = Join-Path $Out 'IntegrationResults'
    $null = New-Item -ItemType Directory $results -Force
    $json = Join-Path $results 'pester.json'
    Remove-Item $json -ErrorAction SilentlyContinue
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') `
        -PesterPath (Join-Path $Out 'packages/pester/5.7.1/tools/Pester.psd1') -ModulePath $ModuleManifest `
        -TestPath (Join-Path $Root 'tests/Lab/Containers.Integration.Tests.ps1') -ResultPath $json
    $counts = if (Test-Path $json) { Get-Content $json -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }
    Write-Host "$($counts.Passed) passed, $($counts.Failed) failed"
    if ($counts.Failed -gt 0 -or $counts.Passed -eq 0) { exit 1 }
}

function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { 'n/a' }
}

function Start-BusyChild {
    <# A child process with its output read by us; stdin is ours too, so closing it ends a child that waits on it. #>
    param([string] $FileName, [string[]] $Arguments)
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    [System.Diagnostics.Process]::Start($psi)
}

function Invoke-BusyMachineTask {
    <#
        The suite where the usual services already hold their ports and the CPU is busy. It runs in a private network
        namespace, so the held ports and the suite's own sockets never disturb this machine's services or anyone else
        testing on it; the namespace gets this host's addresses (on a veth pair inside it), so the host's name and
        addresses still resolve to a local interface as they do outside.
    #>
    if (-not $IsLinux) { throw 'BusyMachine needs Linux network namespaces.' }
    Install-DebianCommand @{ python3 = 'python3'; ip = 'iproute2'; unshare = 'util-linux'; setpriv = 'util-linux' }
    # Everything that may need the network (restore) happens out here; inside, the build is a no-op restore.
    Invoke-BuildTask
    $coreTests = Join-Path $Root 'tests/LoopbackTools.Core.Tests/LoopbackTools.Core.Tests.csproj'
    Invoke-Native dotnet @('build', $coreTests, '-c', $Configuration, '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/PesterRestore/PesterRestore.csproj'), '--nologo', '-v', 'quiet')

    $ns = "lbt-busy-$PID"
    $holder = $null
    $load = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
    $held = [System.Collections.Generic.List[string]]::new()
    $taken = [System.Collections.Generic.List[string]]::new()
    $before = Get-LoadAverage
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $exit = 1
    Invoke-Native ip @('netns', 'add', $ns)
    try {
        Invoke-Native ip @('netns', 'exec', $ns, 'ip', 'link', 'set', 'lo', 'up')
        Invoke-Native ip @('netns', 'exec', $ns, 'ip', 'link', 'add', 'lbt0', 'type', 'veth', 'peer', 'name', 'lbt1')
        $addresses = @((& ip -j addr show | ConvertFrom-Json) | Where-Object ifname -NE 'lo' |
            ForEach-Object { $_.addr_info } | Where-Object scope -EQ 'global')
        foreach ($a in $addresses) {
            $extra = if ($a.family -eq 'inet6') { @('nodad') } else { @() }
            Invoke-Native ip (@('netns', 'exec', $ns, 'ip', 'addr', 'add', "$($a.local)/$($a.prefixlen)", 'dev', 'lbt0') + $extra)
        }
        foreach ($link in 'lbt0', 'lbt1') { Invoke-Native ip @('netns', 'exec', $ns, 'ip', 'link', 'set', $link, 'up') }

        $holdPorts = Join-Path $Root 'tests/BusyMachine/hold_ports.py'
        $holder = Start-BusyChild ip (@('netns', 'exec', $ns, 'python3', $holdPorts) + ($BusyPorts | ForEach-Object { "$_" }))
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            $line = $holder.StandardOutput.ReadLineAsync()
            if (-not $line.Wait([Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $line.Result) {
                throw 'the port holder did not get ready within 60 s'
            }
            if ($line.Result -eq 'ready') { break }
            if ($line.Result -like 'held *') { $held.Add($line.Result.Substring(5)) } else { $taken.Add($line.Result) }
        }
        $already = if ($taken.Count) { "; $($taken -join ', ')" } else { '' }
        Write-Host "BusyMachine: namespace $ns ($($addresses.local -join ', ')); held $($held -join '; ')$already"

        for ($i = 0; $i -lt $LoadProcesses; $i++) {
            $load.Add((Start-BusyChild python3 @('-c', 'while True: pass')))
        }
        Write-Host "BusyMachine: $LoadProcesses CPU-bound processes beside the suite; load average $before"

        # The suite itself, as CI runs it, inside the namespace (its output goes straight to this console).
        # ip netns exec mounts a fresh /sys, which hides the cgroup2 hierarchy the namespace and container tests create
        # cgroups in: mount it again in that mount namespace (the host's own hierarchy, as outside).
        $cgroup = 'mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup; exec "$@"'
        $inner = @('netns', 'exec', $ns, 'sh', '-c', $cgroup, 'sh')
        $inner += @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'build.ps1'))
        $inner += @('-Task', 'Test', '-Configuration', $Configuration)
        if ($XunitFilter) { $inner += @('-XunitFilter', $XunitFilter) }
        if ($PesterPath) { $inner += @('-PesterPath', (($PesterPath -split ',' | ForEach-Object { Resolve-Path $_ }) -join ',')) }
        if ($SkipXunit) { $inner += '-SkipXunit' }
        if ($SkipPester) { $inner += '-SkipPester' }
        & ip @inner
        $exit = $LASTEXITCODE
    }
    finally {
        $during = Get-LoadAverage
        foreach ($p in @($load) + @($holder)) {
            if ($p -and -not $p.HasExited) { $p.Kill(); $null = $p.WaitForExit(5000) }
            if ($p) { $p.Dispose() }
        }
        & ip netns del $ns
        Write-Host ("BusyMachine: $([int] $watch.Elapsed.TotalSeconds) s; load average at the end $during; " +
            "namespace $ns removed; suite exit code $exit")
    }
    if ($exit -ne 0) { exit 1 }
}

function Invoke-RunTask {
    Invoke-BuildTask
    Import-Module $ModuleManifest -Force
    Get-LoopbackEndpoint | Format-Table -AutoSize | Out-Host
}

foreach ($t in $Task) {
    & "Invoke-$($t)Task"
}
