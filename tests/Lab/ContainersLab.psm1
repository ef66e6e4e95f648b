<#
    The container lab of build.ps1 -Task Integration: real Podman and Docker on this machine, a busybox image built here
    (no registry is reachable), containers on networks in 198.18.0.0/15 with a port published on 127.0.0.1, and
    everything removed again. The workarounds this kind of VM needs (runc instead of crun, explicit rlimits) are
    documented in ../../../shared/notes/containers-lab.md.
#>

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Get-EngineCommand {
    <# The engine's CLI: Debian's package (/usr/bin), not some other client earlier in PATH. #>
    param([Parameter(Mandatory)] [ValidateSet('podman', 'docker')] [string] $Engine)
    foreach ($path in "/usr/bin/$Engine", "/usr/local/bin/$Engine") { if (Test-Path $path) { return $path } }
    $null
}

function Invoke-Engine {
    <#
    Runs the engine's CLI with -Arguments (an array: "-d" and the like must not reach PowerShell's own parameter
    binding); throws with its error output when it fails; returns its output lines trimmed, always as an array.
    #>
    param([Parameter(Mandatory)] [string] $Engine, [Parameter(Mandatory)] [string[]] $Arguments)
    $cli = Get-EngineCommand $Engine
    $psi = [System.Diagnostics.ProcessStartInfo]::new($cli)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEndAsync()
    $err = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit(300000)) { $p.Kill($true); throw "$Engine $($Arguments -join ' ') took over 300 s" }
    $p.WaitForExit()
    if ($p.ExitCode -ne 0) { throw "$Engine $($Arguments -join ' ') failed ($($p.ExitCode)): $($err.Result.Trim())" }
    , @($out.Result -split "`n" | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}

function Start-DockerDaemon {
    <#
    dockerd, when Docker is installed and no daemon answers: started here with its bridge and address pools in
    198.18.0.0/15, logging to a file. Returns the process to stop, or $null when a daemon already ran (or none can).
    #>
    if (-not (Get-EngineCommand docker) -or -not (Test-Path /usr/sbin/dockerd)) { return $null }
    try { $null = Invoke-Engine docker @('info', '--format', '{{.ServerVersion}}'); return $null } catch { }
    $log = Join-Path ([IO.Path]::GetTempPath()) 'lbt-dockerd.log'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('sh')
    foreach ($a in '-c', "exec /usr/sbin/dockerd --bip 198.19.215.1/24 --default-address-pool base=198.19.216.0/22,size=24 >'$log' 2>&1") {
        $psi.ArgumentList.Add($a)
    }
    $psi.UseShellExecute = $false
    $daemon = [System.Diagnostics.Process]::Start($psi)
    for ($i = 0; $i -lt 120; $i++) {
        Start-Sleep -Seconds 1
        if ($daemon.HasExited) { throw "dockerd exited: $(Get-Content $log -Raw)" }
        try { $null = Invoke-Engine docker @('info', '--format', '{{.ServerVersion}}'); return $daemon } catch { }
    }
    $daemon.Kill(); throw "dockerd did not answer within 120 s: $(Get-Content $log -Tail 20 -ErrorAction SilentlyContinue)"
}

function Stop-DockerDaemon {
    param($Daemon)
    if (-not $Daemon) { return }
    if (-not $Daemon.HasExited) {
        # SIGTERM by its process id: dockerd stops its containerd and cleans its network rules.
        & kill -TERM $Daemon.Id
        if (-not $Daemon.WaitForExit(60000)) { $Daemon.Kill($true) }
    }
    $Daemon.Dispose()
    # dockerd leaves its docker0 bridge behind when it stops; without the daemon this lab started, nothing uses it.
    if (Test-Path /sys/class/net/docker0) { & ip link del docker0 2>$null }
    Remove-Item (Join-Path ([IO.Path]::GetTempPath()) 'lbt-dockerd.log') -ErrorAction SilentlyContinue
}

function Get-EngineCgroup {
    <#
    The cgroup folders the engines' cgroupfs managers make (docker/, libpod_parent/ and what is under them) in every
    hierarchy: v1 controllers, name=systemd, unified, or /sys/fs/cgroup itself on a pure v2 host. Deepest first.
    #>
    $roots = @('/sys/fs/cgroup') + @(Get-ChildItem /sys/fs/cgroup -Directory -ErrorAction SilentlyContinue | ForEach-Object FullName)
    $found = foreach ($root in $roots) {
        foreach ($name in 'docker', 'libpod_parent') {
            $top = Join-Path $root $name
            if (Test-Path $top) {
                $top
                Get-ChildItem $top -Directory -Recurse -ErrorAction SilentlyContinue | ForEach-Object FullName
            }
        }
    }
    @($found | Sort-Object -Unique | Sort-Object { $_.Length } -Descending)
}

function Remove-EngineCgroup {
    <# Removes the engine cgroups made since -Before was taken; rmdir takes only empty ones, so a busy one stays. #>
    param([string[]] $Before)
    foreach ($path in Get-EngineCgroup) {
        if ($Before -notcontains $path) { & rmdir $path 2>$null }
    }
}

function Get-IpForwarding {
    <# net.ipv4.ip_forward as it was before the lab: engines turn it on and leave it on. #>
    (Get-Content /proc/sys/net/ipv4/ip_forward -Raw -ErrorAction SilentlyContinue)?.Trim()
}

function Restore-IpForwarding {
    param([string] $Value)
    if ($Value -and (Get-IpForwarding) -ne $Value) { Set-Content /proc/sys/net/ipv4/ip_forward $Value }
}

function New-BusyboxImage {
    <# An image of busybox alone, imported from a tar (no registry), whose command serves /www on port 8080. #>
    param([Parameter(Mandatory)] [string] $Engine, [Parameter(Mandatory)] [string] $Tag)
    $root = Join-Path ([IO.Path]::GetTempPath()) "lbt-rootfs-$([guid]::NewGuid().ToString('N'))"
    try {
        $null = New-Item -ItemType Directory "$root/rootfs/bin", "$root/rootfs/www"
        Copy-Item /bin/busybox "$root/rootfs/bin/busybox"
        foreach ($name in 'sh', 'httpd', 'ls', 'cat', 'sleep') { & ln -s busybox "$root/rootfs/bin/$name" }
        Set-Content "$root/rootfs/www/index.html" 'lbt'
        & tar -C "$root/rootfs" -cf "$root/rootfs.tar" .
        if ($LASTEXITCODE -ne 0) { throw 'tar failed' }
        $command = 'CMD ["/bin/busybox","httpd","-f","-p","8080","-h","/www"]'
        $null = Invoke-Engine $Engine @('import', '--change', $command, "$root/rootfs.tar", $Tag)
    }
    finally { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }
}

function Start-LabContainer {
    <# A container of the image on its own network, 127.0.0.1:HostPort published to its port 8080. #>
    param(
        [Parameter(Mandatory)] [string] $Engine,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Network,
        [Parameter(Mandatory)] [string] $Image,
        [Parameter(Mandatory)] [int] $HostPort
    )
    $extra = if ($Engine -eq 'podman') { @('--runtime', 'runc') } else { @() }
    $null = Invoke-Engine $Engine (@('run', '-d', '--name', $Name, '--network', $Network) + $extra + @(
            '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096', '-p', "127.0.0.1:$($HostPort):8080", $Image))
    $format = '{{.Id}} {{.State.Pid}} {{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}'
    $inspect = Invoke-Engine $Engine @('inspect', '--format', $format, $Name)
    $parts = $inspect[0] -split '\s+'
    [pscustomobject]@{ Engine = $Engine; Name = $Name; Id = $parts[0]; Pid = [int] $parts[1]; Address = $parts[2]; HostPort = $HostPort }
}

function Remove-LabContainer {
    param([string] $Engine, [string] $Name)
    try { $null = Invoke-Engine $Engine @('rm', '-f', $Name) } catch { Write-Warning $_ }
}

Export-ModuleMember -Function *
