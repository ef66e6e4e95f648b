# The package as users get it: Install-PSResource from a repository folder into a throw-away user scope, then a new
# PowerShell process that has never imported the module must autoload the cmdlets and their help.
BeforeAll {
    $script:Package = $env:LOOPBACKTOOLS_PACKAGE
    $script:Manifest = Import-PowerShellDataFile $env:LOOPBACKTOOLS_MODULE
    $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) ('loopbacktools-install-' + [guid]::NewGuid().ToString('n'))
    $script:FreshHome = Join-Path $Scratch 'home'
    $script:Repository = Join-Path $Scratch 'repository'
    $null = New-Item -ItemType Directory $FreshHome, $Repository
    if ($Package -and (Test-Path $Package)) { Copy-Item $Package $Repository }

    function Invoke-FreshPwsh {
        <# A new pwsh (the same build as this one) whose HOME is the throw-away one; returns its output lines. #>
        param([Parameter(Mandatory)] [string] $Command)
        $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Command) { $start.ArgumentList.Add($a) }
        $start.Environment['HOME'] = $FreshHome
        $start.Environment['XDG_DATA_HOME'] = $null
        $start.Environment['XDG_CONFIG_HOME'] = $null
        # The parent's module path would point at the parent's HOME: let pwsh build its own from the new HOME.
        $start.Environment['PSModulePath'] = $null
        $start.Environment['NO_COLOR'] = '1'
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(180000)) { $process.Kill($true); throw "pwsh did not finish in 180 s: $Command" }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Lines = @($stdout -split "`r?`n" | Where-Object { $_ }); Errors = $stderr.Result }
    }
}

AfterAll {
    if ($Scratch -and (Test-Path $Scratch)) { Remove-Item $Scratch -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The LoopbackTools package' {
    It 'is the nupkg of the manifest version, holding the module, its help and the licence only' {
        $Package | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test builds the package first'
        Split-Path $Package -Leaf | Should -Be "LoopbackTools.$($Manifest.ModuleVersion).nupkg"
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Package)
        try { $names = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        $names | Should -Contain 'LoopbackTools.psd1'
        $names | Should -Contain 'LoopbackTools.dll'
        $names | Should -Contain 'LoopbackTools.Core.dll'
        $names | Should -Contain 'en-US/LoopbackTools.dll-Help.xml'
        $names | Should -Contain 'en-US/about_LoopbackTools.help.txt'
        $names | Should -Contain 'LICENSE'
        $names | Where-Object { $_ -match '\.(pdb|cs|csproj|ps1)$|Tests|Bench|/obj/|/bin/' } | Should -BeNullOrEmpty
    }

    It 'carries real metadata: licence, tags, and this version''s CHANGELOG entry as release notes' {
        $data = $Manifest.PrivateData.PSData
        $data.LicenseUri | Should -Match '^https://'
        $data.Tags | Should -Contain 'PSEdition_Core'
        $data.Tags | Should -Contain 'PSEdition_Desktop'
        $changelog = Get-Content (Join-Path $PSScriptRoot '../../CHANGELOG.md') -Raw
        $changelog | Should -Match "## \[$([regex]::Escape($Manifest.ModuleVersion))\] - \d{4}-\d{2}-\d{2}"
        $data.ReleaseNotes | Should -Not -BeNullOrEmpty
        $changelog.Replace("`r`n", "`n") | Should -BeLike "*$($data.ReleaseNotes.Replace("`r`n", "`n"))*"
    }

    It 'installs from a repository into a user scope, and a new session autoloads the cmdlets and their help' {
        $install = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LoopbackToolsTest -Uri '$Repository' -Trusted
Install-PSResource LoopbackTools -Repository LoopbackToolsTest -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource LoopbackTools).InstalledLocation
"@
        $install.ExitCode | Should -Be 0 -Because $install.Errors
        $install.Lines[-1] | Should -BeLike "$FreshHome*"

        # No Import-Module: command discovery must find the module in the new user scope and load it on first use.
        $use = Invoke-FreshPwsh @'
$command = Get-Command Get-LoopbackEndpoint
$command.Module.Version.ToString()
$command.Module.ModuleBase
@((Get-Help Get-LoopbackEndpoint -Examples).Examples.Example).Count
@(Get-LoopbackEndpoint -Port 1 -NoOwner).Count
(Get-Help about_LoopbackTools | Out-String).Contains('LoopbackTools')
'@
        $use.ExitCode | Should -Be 0 -Because $use.Errors
        $use.Lines[0] | Should -Be $Manifest.ModuleVersion
        $use.Lines[1] | Should -BeLike "$FreshHome*"
        [int] $use.Lines[2] | Should -BeGreaterOrEqual 5
        [int] $use.Lines[3] | Should -BeGreaterOrEqual 0
        $use.Lines[4] | Should -Be 'True'
    }
}
