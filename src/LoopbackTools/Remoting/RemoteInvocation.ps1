<#
    Runs in a remote session for one -Session call of a LoopbackTools cmdlet (sent as text with each call; nothing of
    it stays on the host). Written for Windows PowerShell 5.1 and PowerShell 7 alike.

    The first object it writes is a handshake (PSTypeName LoopbackTools.RemoteHandshake, carrying the caller's nonce),
    so the caller learns what the host has before any result: the module of the caller's version, or why not (the
    versions the host has, its PowerShell). Then it runs the command with the caller's bound parameters and pipes the
    caller's pipeline input into it. With -CopyModule the caller sends the module's files: they go into a private
    temporary folder, are imported from there for this call, and are removed afterwards. A policy read on the caller's
    computer arrives as bytes and is written to such a folder for the call too, so no path of the caller's is ever
    looked up here.
#>
param(
    [string] $Nonce,
    [string] $Version,
    [string] $Command,
    [hashtable] $Parameters,
    [bool] $HasInput,
    # Relative path -> bytes of every file of the module, when the caller copies it; $null otherwise.
    [hashtable] $ModuleFiles,
    # The module's entry file among $ModuleFiles (LoopbackTools.psd1).
    [string] $ModuleEntry,
    # Parameter name -> @{ Name = file name; Bytes = content }: files read on the caller's side (a policy).
    [hashtable] $DataFiles
)

function New-PrivateFolder {
    # A fresh folder under the temp path that only this user can enter (a policy may be private).
    $path = Join-Path ([IO.Path]::GetTempPath()) ('LoopbackTools-' + [guid]::NewGuid().ToString('n'))
    $null = [IO.Directory]::CreateDirectory($path)
    if ([IO.Path]::DirectorySeparatorChar -eq '/') { & chmod 700 $path }
    $path
}

function Write-Files([string] $Folder, [hashtable] $Files) {
    foreach ($name in $Files.Keys) {
        $relative = [string] $name
        # The caller lists the module's own files; refuse anything that would land outside the folder all the same.
        if ([IO.Path]::IsPathRooted($relative) -or ($relative -split '[\\/]') -contains '..') {
            throw "refusing to write '$relative' outside the module folder"
        }
        $target = Join-Path $Folder $relative
        $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($target))
        [IO.File]::WriteAllBytes($target, [byte[]] $Files[$name])
    }
}

function New-Handshake([bool] $Ready, [string] $Reason, [string] $Copied) {
    # The versions the host has, looked up only when it cannot run (a walk of its PSModulePath).
    $available = @()
    if (-not $Ready) {
        $available = @(Get-Module -ListAvailable -Name LoopbackTools -ErrorAction SilentlyContinue) + @(Get-Module -Name LoopbackTools) |
            ForEach-Object { $_.Version.ToString() } | Sort-Object -Unique
    }
    [pscustomobject]@{
        PSTypeName = 'LoopbackTools.RemoteHandshake'
        Nonce = $Nonce
        Ready = $Ready
        Reason = $Reason
        Available = @($available)
        PSVersion = $PSVersionTable.PSVersion.ToString()
        PSEdition = [string] $PSVersionTable.PSEdition
        Copied = $Copied
    }
}

# Already imported in this session (every call after the first): no pipeline of cmdlets, this runs on every call.
$module = $null
foreach ($loaded in Get-Module -Name LoopbackTools) {
    if ($loaded.Version -eq $Version) { $module = $loaded; break }
}
$copied = $null
$data = $null
try {
    $reason = ''
    if (-not $module -and -not $ModuleFiles) {
        try {
            $module = Import-Module -Name LoopbackTools -RequiredVersion $Version -PassThru -ErrorAction Stop -WarningAction SilentlyContinue |
                Select-Object -First 1
        }
        catch { $reason = $_.Exception.Message }
    }
    if (-not $module -and $ModuleFiles) {
        try {
            $copied = New-PrivateFolder
            Write-Files $copied $ModuleFiles
            $module = Import-Module -Name (Join-Path $copied $ModuleEntry) -PassThru -ErrorAction Stop -WarningAction SilentlyContinue |
                Select-Object -First 1
            if ($module -and $module.Version -ne $Version) { $reason = "the copy imported as version $($module.Version)"; $module = $null }
        }
        catch { $reason = $_.Exception.Message }
    }
    if (-not $module) {
        New-Handshake $false $reason $copied
        return
    }
    New-Handshake $true '' $copied

    $arguments = $Parameters
    if ($DataFiles -and $DataFiles.Count -gt 0) {
        $data = New-PrivateFolder
        foreach ($key in $DataFiles.Keys) {
            $file = Join-Path $data ([IO.Path]::GetFileName([string] $DataFiles[$key].Name))
            [IO.File]::WriteAllBytes($file, [byte[]] $DataFiles[$key].Bytes)
            $arguments[$key] = $file
        }
    }

    $cmdlet = $module.ExportedCmdlets[$Command]
    if ($HasInput) { $input | & $cmdlet @arguments } else { & $cmdlet @arguments }
}
finally {
    if ($data) { Remove-Item -LiteralPath $data -Recurse -Force -ErrorAction SilentlyContinue }
    if ($copied) {
        if ($module) { Remove-Module -ModuleInfo $module -Force -ErrorAction SilentlyContinue }
        Remove-Item -LiteralPath $copied -Recurse -Force -ErrorAction SilentlyContinue
        if (Test-Path -LiteralPath $copied) {
            # Windows keeps a loaded assembly's file locked until the session's process ends.
            Write-Warning ("The copy of LoopbackTools in '$copied' could not be removed yet (its files are in use); " +
                'remove it once this session is closed.')
        }
    }
}
