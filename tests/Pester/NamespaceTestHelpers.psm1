# Helpers for the network namespace and container tests: namespaces (ip netns), python3 children inside them and
# cgroups laid out as container engines lay them out. Everything a helper makes, its Remove- twin removes.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Test-IsRoot { (& id -u) -eq '0' }

function New-TestNetns {
    <# A named network namespace (ip netns add) with loopback up; returns its name and its inode (the namespace id). #>
    $name = "lbt-p-$([guid]::NewGuid().ToString('N').Substring(0, 10))"
    & ip netns add $name
    if ($LASTEXITCODE -ne 0) { throw "ip netns add $name failed" }
    & ip netns exec $name ip link set lo up
    [pscustomobject]@{ Name = $name; Inode = [uint64] (& stat -L -c '%i' "/run/netns/$name") }
}

function Remove-TestNetns {
    param($Netns)
    if ($Netns -and (Test-Path "/run/netns/$($Netns.Name)")) { & ip netns del $Netns.Name }
}

function Start-NetnsChild {
    <#
    A python3 child inside the named namespace (or, without -Netns, a namespace of its own it makes with unshare) that
    runs $Code after moving there (socket, sys, time imported), prints "<pid> <line its code printed>" and then sleeps;
    it exits by itself after 120 s. Returns Process, Pid, Line and the namespace inode.
    #>
    param([string] $Netns, [Parameter(Mandatory)] [string] $Code)
    $enter = if ($Netns) {
        "fd = os.open('/run/netns/$Netns', os.O_RDONLY)`n" +
        "if libc.setns(fd, 0x40000000) != 0: raise OSError(ctypes.get_errno(), 'setns')"
    } else {
        "if libc.unshare(0x40000000) != 0: raise OSError(ctypes.get_errno(), 'unshare')`n" +
        "subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)"
    }
    $script = @"
import ctypes, os, socket, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
$enter
def ready(line):
    print(os.getpid(), line, flush=True)
$Code
time.sleep(120)
"@
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($script)
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(20000) -or $null -eq $line.Result) {
        $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
        if (-not $process.HasExited) { $process.Kill() }
        throw "namespace child did not get ready: $err"
    }
    $parts = $line.Result -split ' ', 2
    $link = (Get-Item "/proc/$($parts[0])/ns/net").LinkTarget
    [pscustomobject]@{
        Process = $process
        Pid     = [int] $parts[0]
        Line    = $parts[1]
        Inode   = [uint64] ($link -replace '^net:\[(\d+)\]$', '$1')
    }
}

function Stop-NetnsChild {
    <# Stops the child by the pid it printed (python itself, whatever launcher started it) and the process started. #>
    param($Child)
    if (-not $Child) { return }
    Stop-Process -Id $Child.Pid -Force -ErrorAction SilentlyContinue
    if (-not $Child.Process.HasExited) { $Child.Process.Kill($true) }
    $null = $Child.Process.WaitForExit(5000)
    for ($i = 0; $i -lt 50 -and (Test-Path "/proc/$($Child.Pid)"); $i++) { Start-Sleep -Milliseconds 100 }
    $Child.Process.Dispose()
}

function New-TestCgroup {
    <#
    A cgroup at $Path (e.g. "system.slice/docker-<id>.scope") under a folder of our own, in the cgroup v2 tree and, on
    a hybrid host, in the name=systemd tree; moves $ProcessId into it. Returns what Remove-TestCgroup needs.
    #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $ProcessId)
    $mounts = Get-Content /proc/self/mountinfo
    $roots = @(
        foreach ($line in $mounts) {
            $halves = $line -split ' - ', 2
            $fields = $halves[0] -split ' '
            $fs = $halves[1] -split ' '
            if ($fs[0] -eq 'cgroup2' -or ($fs[0] -eq 'cgroup' -and $fs[2] -like '*name=systemd*')) { $fields[4] }
        }
    )
    $top = "lbt-$([guid]::NewGuid().ToString('N').Substring(0, 10)).slice"
    $made = [System.Collections.Generic.List[string]]::new()
    foreach ($root in $roots) {
        $folder = Join-Path $root $top
        foreach ($part in $Path -split '/') {
            $null = New-Item -ItemType Directory -Path $folder -Force
            $made.Add($folder)
            $folder = Join-Path $folder $part
        }
        $null = New-Item -ItemType Directory -Path $folder -Force
        $made.Add($folder)
        Set-Content -Path (Join-Path $folder 'cgroup.procs') -Value $ProcessId -NoNewline
    }
    [pscustomobject]@{ Folders = $made; Path = "/$top/$Path" }
}

function Remove-TestCgroup {
    <# Removes the folders deepest first; the processes in them must have been stopped (a dying one may take a moment). #>
    param($Cgroup)
    if (-not $Cgroup) { return }
    # Deepest first (longest path); -Unique on Sort-Object would drop paths of equal length, so it is not used.
    foreach ($folder in @($Cgroup.Folders | Select-Object -Unique | Sort-Object { $_.Length } -Descending)) {
        for ($i = 0; $i -lt 50 -and (Test-Path $folder); $i++) {
            try { [System.IO.Directory]::Delete($folder) } catch { Start-Sleep -Milliseconds 100 }
        }
    }
}

Export-ModuleMember -Function *
