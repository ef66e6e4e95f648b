<#
    A fleet on one machine, for tests and benchmarks of the -Session cmdlets over real PowerShell remoting.

    Each "host" is a network namespace behind one bridge, with an address from 198.18.0.0/15 (RFC 2544, the
    benchmarking range: never a private range someone else routes), its own sshd whose `powershell` subsystem is pwsh
    through a wrapper script, and listeners of its own. The namespaces share the machine's file system, PID namespace
    and host name, so a host is named by the address its session connects to.

    Everything the lab makes (namespaces, veths, the bridge, sshd and listener processes, keys, the temp folder) is
    recorded in the lab object and removed by Remove-FleetLab, which kills only the PIDs it recorded (and their
    descendants, such as the per-connection sshd and the pwsh server under a recorded sshd), after checking that each
    PID still belongs to the process that was started (same start time), so a reused PID is never hit.

    A host offers three PowerShells, each an sshd subsystem with its own PSModulePath: 'module' (this build of
    LoopbackTools on the path; the usual `powershell` subsystem), 'none' (no LoopbackTools at all) and 'old' (a
    LoopbackTools of another version). New-FleetSession -Mode picks one per session, so sessions of every kind open
    in one parallel New-PSSession call.

    Measured facts behind this: /work/shared/notes/fleet-lab.md. Needs root, iproute2, python3 and openssh-server
    (build.ps1 installs them).
#>

Set-StrictMode -Version 3.0

# Listeners every lab host runs (ports are free: each host has its own network namespace).
$script:ExposedPortBase = 24000      # 0.0.0.0:(24000 + index): a different listener per host, an audit finding too
$script:SilentPortBase = 25000       # 127.0.0.1:(25000 + index), backlog full: a probe of it hangs until its timeout
$script:OldModuleVersion = '0.0.1'

# A host's module set-ups, each its own sshd subsystem (what New-PSSession -Subsystem / New-FleetSession -Mode picks):
# this build of LoopbackTools on the module path, none at all, or one of another version; or this build run by a root
# without CAP_SYS_PTRACE (setpriv), which cannot read the open files of a process that is not dumpable: missing rights.
$script:Modes = [ordered]@{
    module = 'powershell'; none = 'powershell-nomodule'; old = 'powershell-oldmodule'; noptrace = 'powershell-noptrace'
}
$script:ModuleFolders = @{ module = 'module'; none = 'none'; old = 'old'; noptrace = 'module' }

function Invoke-LabNative {
    <# Runs a program; throws with its stderr when it fails. #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $IgnoreFailure)
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    try {
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(60000)) { $p.Kill(); throw "'$FilePath $($ArgumentList -join ' ')' did not finish within 60 s" }
        $p.WaitForExit()
        if ($p.ExitCode -ne 0 -and -not $IgnoreFailure) {
            throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $($p.ExitCode): $($err.Result.Trim())"
        }
        $out.Result
    }
    finally { $p.Dispose() }
}

function Get-ProcessStartTicks {
    <# Field 22 of /proc/PID/stat (start time in clock ticks since boot), or $null when the process is gone. #>
    param([int] $ProcessId)
    try { $stat = [IO.File]::ReadAllText("/proc/$ProcessId/stat") } catch { return $null }
    # The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
    [long] $fields[19]
}

function Get-DescendantProcessId {
    <# Every descendant of $ProcessId (children first found by PPid in /proc/*/stat), deepest last. #>
    param([int] $ProcessId)
    $children = @{}
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        $name = [IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        try { $stat = [IO.File]::ReadAllText("$dir/stat") } catch { continue }
        $parent = [int] $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')[1]
        if (-not $children.ContainsKey($parent)) { $children[$parent] = [Collections.Generic.List[int]]::new() }
        $children[$parent].Add([int] $name)
    }
    $queue = [Collections.Generic.Queue[int]]::new()
    $queue.Enqueue($ProcessId)
    while ($queue.Count -gt 0) {
        $next = $queue.Dequeue()
        if ($children.ContainsKey($next)) {
            foreach ($child in $children[$next]) { $child; $queue.Enqueue($child) }
        }
    }
}

function Stop-RecordedProcess {
    <#
    Kills a process the lab started (SIGKILL), and its descendants, if it is still the same process (its start time
    matches the one recorded at start). Waits until all of them are gone, so nothing writes into the lab's folders
    while they are removed.
    #>
    param([Parameter(Mandatory)] $Record)
    if ($null -eq $Record -or (Get-ProcessStartTicks $Record.Pid) -ne $Record.StartTicks) { return }
    $victims = @(@($Record.Pid) + @(Get-DescendantProcessId $Record.Pid) | ForEach-Object {
            [pscustomobject]@{ Pid = $_; StartTicks = Get-ProcessStartTicks $_ }
        })
    foreach ($victim in $victims) {
        try { [System.Diagnostics.Process]::GetProcessById($victim.Pid).Kill() } catch { }
    }
    $child = $Record.PSObject.Properties['Process']
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    foreach ($victim in $victims) {
        while ([DateTime]::UtcNow -lt $deadline) {
            if ((Get-ProcessStartTicks $victim.Pid) -ne $victim.StartTicks) { break }
            # A killed child of this process stays a zombie until reaped (WaitForExit); others are reaped by init.
            $state = try { [IO.File]::ReadAllText("/proc/$($victim.Pid)/stat") } catch { '' }
            if ($state -match '\) Z ') {
                if ($victim.Pid -eq $Record.Pid -and $child -and $child.Value) { $null = $child.Value.WaitForExit(1000) }
                break
            }
            Start-Sleep -Milliseconds 20
        }
    }
}

function Start-RecordedProcess {
    <#
    Starts `sh -c $Command` (which must exec the final program, so the PID is the program's), optionally reading
    one ready line from its stdout; returns its PID, start time and that line.
    #>
    param([Parameter(Mandatory)] [string] $Command, [switch] $ReadLine, [int] $TimeoutSeconds = 30)
    $psi = [System.Diagnostics.ProcessStartInfo]::new('sh')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($Command)
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = [bool] $ReadLine
    $p = [System.Diagnostics.Process]::Start($psi)
    $record = [pscustomobject]@{ Pid = $p.Id; StartTicks = $null; Line = $null; Process = $p }
    for ($i = 0; $i -lt 50 -and $null -eq $record.StartTicks; $i++) {
        $record.StartTicks = Get-ProcessStartTicks $p.Id
    }
    if ($ReadLine) {
        $line = $p.StandardOutput.ReadLineAsync()
        if (-not $line.Wait($TimeoutSeconds * 1000) -or $null -eq $line.Result) {
            Stop-RecordedProcess $record
            throw "'$Command' did not print its ready line within $TimeoutSeconds s"
        }
        $record.Line = $line.Result
    }
    $record
}

function Select-LabSubnet {
    <# A random /24 of 198.18.0.0/15 that no address or route of this machine uses yet (other labs may run). #>
    $used = (Invoke-LabNative ip @('-4', '-o', 'addr', 'show')) + (Invoke-LabNative ip @('-4', 'route', 'show', 'table', 'all'))
    for ($i = 0; $i -lt 100; $i++) {
        $prefix = "198.$(18 + (Get-Random -Maximum 2)).$(Get-Random -Minimum 1 -Maximum 255)"
        if (-not $used.Contains("$prefix.")) { return $prefix }
    }
    throw 'no free /24 in 198.18.0.0/15'
}

function Wait-TcpPort {
    param([string] $Address, [int] $Port, [int] $TimeoutSeconds = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            if ($client.ConnectAsync($Address, $Port).Wait(1000)) { return }
        }
        catch { }
        finally { $client.Dispose() }
        Start-Sleep -Milliseconds 100
    }
    throw "nothing answers on ${Address}:$Port within $TimeoutSeconds s"
}

function New-FleetLab {
    <#
    .SYNOPSIS
        Builds a fleet of $HostCount hosts; returns the lab object Remove-FleetLab takes. On any failure it removes
        what it made so far and throws.
    .PARAMETER ModulePath
        The LoopbackTools.psd1 a host in 'module' mode has on its PSModulePath.
    #>
    param(
        [ValidateRange(1, 60)] [int] $HostCount = 3,
        [Parameter(Mandatory)] [string] $ModulePath
    )
    $id = -join ((1..4) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
    $root = Join-Path ([IO.Path]::GetTempPath()) "lbt-fleet-$id"
    $null = New-Item -ItemType Directory $root
    $lab = [pscustomobject]@{
        Id = $id; Root = $root; Bridge = "lbtf$($id)br"; Prefix = $null; Hosts = [Collections.Generic.List[object]]::new()
        KeyFile = (Join-Path $root 'client_key'); KnownHosts = (Join-Path $root 'known_hosts')
        BridgeCreated = $false
    }
    try {
        $lab.Prefix = Select-LabSubnet
        Initialize-LabFiles -Lab $lab -ModulePath $ModulePath
        Invoke-LabNative ip @('link', 'add', 'name', $lab.Bridge, 'type', 'bridge') | Out-Null
        $lab.BridgeCreated = $true
        Invoke-LabNative ip @('addr', 'add', "$($lab.Prefix).1/24", 'dev', $lab.Bridge) | Out-Null
        Invoke-LabNative ip @('link', 'set', $lab.Bridge, 'up') | Out-Null
        if (-not (Test-Path /run/sshd)) {
            # sshd's privilege-separation folder, normally made by the package's service script (which never runs
            # here). It is the system's, shared by every sshd: left in place.
            $null = New-Item -ItemType Directory /run/sshd -Force
        }
        for ($i = 1; $i -le $HostCount; $i++) { Add-FleetHost -Lab $lab -Index $i }
        $lab.Hosts | ForEach-Object { Wait-TcpPort $_.Name 22 }
        $lab
    }
    catch {
        Remove-FleetLab $lab
        throw
    }
}

function Initialize-LabFiles {
    param($Lab, [string] $ModulePath)
    $root = $Lab.Root
    Invoke-LabNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'lbt-fleet', '-f', $Lab.KeyFile) | Out-Null
    Copy-Item "$($Lab.KeyFile).pub" (Join-Path $root 'authorized_keys')
    $null = New-Item -ItemType File $Lab.KnownHosts
    # Module folders a host's PSModulePath can point at, one per mode.
    $null = New-Item -ItemType Directory (Join-Path $root 'modules-module'), (Join-Path $root 'modules-none')
    $moduleFolder = Split-Path (Resolve-Path $ModulePath).Path
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $root 'modules-module/LoopbackTools') -Target $moduleFolder
    $old = Join-Path $root "modules-old/LoopbackTools/$script:OldModuleVersion"
    $null = New-Item -ItemType Directory $old
    $manifest = "@{ ModuleVersion = '$script:OldModuleVersion'; GUID = '5b0c7d52-3f8e-4b59-9a53-2f1f7f4f6c1e' }"
    Set-Content (Join-Path $old 'LoopbackTools.psd1') $manifest
}

function New-WrapperText {
    <# The shell script sshd runs for one subsystem of a host: pwsh with the host's home, temp folder and module path. #>
    param($Lab, $FleetHost, [string] $Mode)
    $dotnet = [Environment]::ProcessPath
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    @"
#!/bin/sh
# Lab host $($FleetHost.Name), subsystem $($script:Modes[$Mode]): LoopbackTools '$Mode' on its module path.
# No .NET diagnostics pipes in the temp folder, so a test can see that a call leaves nothing there.
export HOME='$($FleetHost.Folder)/home' TMPDIR='$($FleetHost.Temp)' PSModulePath='$($Lab.Root)/modules-$($script:ModuleFolders[$Mode])'
export DOTNET_EnableDiagnostics=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off NO_COLOR=1
exec $(if ($Mode -eq 'noptrace') { 'setpriv --bounding-set -sys_ptrace --inh-caps -sys_ptrace ' })'$dotnet' '$pwshDll' "`$@"
"@
}

function Add-FleetHost {
    param($Lab, [int] $Index)
    $address = "$($Lab.Prefix).$(10 + $Index)"
    $folder = Join-Path $Lab.Root "host$Index"
    $h = [pscustomobject]@{
        Index = $Index; Name = $address; Namespace = "lbtf-$($Lab.Id)-$Index"; Veth = "lbtf$($Lab.Id)v$Index"
        Folder = $folder; Temp = (Join-Path $folder 'tmp')
        ExposedPort = $script:ExposedPortBase + $Index; SilentPort = $script:SilentPortBase + $Index
        Sshd = $null; Listener = $null; NamespaceCreated = $false
    }
    $null = New-Item -ItemType Directory $folder, $h.Temp, (Join-Path $folder 'home')

    # The network: a namespace with loopback up and one veth to the bridge.
    Invoke-LabNative ip @('netns', 'add', $h.Namespace) | Out-Null
    $h.NamespaceCreated = $true
    $Lab.Hosts.Add($h)        # recorded before the rest, so a failure below still removes it
    Invoke-LabNative ip @('link', 'add', $h.Veth, 'type', 'veth', 'peer', 'name', "$($h.Veth)p") | Out-Null
    Invoke-LabNative ip @('link', 'set', "$($h.Veth)p", 'netns', $h.Namespace) | Out-Null
    Invoke-LabNative ip @('link', 'set', $h.Veth, 'master', $Lab.Bridge, 'up') | Out-Null
    foreach ($command in @(
            @('link', 'set', 'lo', 'up'),
            @('addr', 'add', "$address/24", 'dev', "$($h.Veth)p"),
            @('link', 'set', "$($h.Veth)p", 'up'))) {
        Invoke-LabNative ip (@('-n', $h.Namespace) + $command) | Out-Null
    }

    # sshd: its own host key, config, and one pwsh wrapper per module set-up, each a subsystem of its own.
    $hostKey = Join-Path $folder 'host_key'
    Invoke-LabNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', $address, '-f', $hostKey) | Out-Null
    $type, $key = (Get-Content "$hostKey.pub" -Raw).Trim().Split(' ')[0, 1]
    Add-Content $Lab.KnownHosts "$address $type $key"
    $subsystems = foreach ($mode in $script:Modes.Keys) {
        $wrapper = Join-Path $folder "pwsh-$mode.sh"
        Set-Content $wrapper (New-WrapperText -Lab $Lab -FleetHost $h -Mode $mode)
        Invoke-LabNative chmod @('755', $wrapper) | Out-Null
        "Subsystem $($script:Modes[$mode]) $wrapper -sshs -NoLogo -NoProfile"
    }
    $config = Join-Path $folder 'sshd_config'
    Set-Content $config @"
ListenAddress ${address}:22
HostKey $hostKey
PidFile $folder/sshd.pid
AuthorizedKeysFile $($Lab.Root)/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100
$($subsystems -join "`n")
"@
    $found = Get-Command sshd -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $sshd = if ($found) { $found.Source } else { '/usr/sbin/sshd' }      # sbin may be off a non-login shell's PATH
    $h.Sshd = Start-RecordedProcess "exec ip netns exec '$($h.Namespace)' '$sshd' -D -e -f '$config' </dev/null >>'$folder/sshd.log' 2>&1"

    # The host's own listeners: one exposed on every interface, one on loopback whose accept queue is full.
    $code = @"
import socket, time
e = socket.socket(); e.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); e.bind(('0.0.0.0', $($h.ExposedPort))); e.listen()
s = socket.socket(); s.bind(('127.0.0.1', $($h.SilentPort))); s.listen(0)
f = socket.socket(); f.connect(('127.0.0.1', $($h.SilentPort)))
print('ready', flush=True)
time.sleep(3600)  # lbt-fleet-lab
"@
    $script = Join-Path $folder 'listener.py'
    Set-Content $script $code
    $h.Listener = Start-RecordedProcess "exec ip netns exec '$($h.Namespace)' python3 '$script' 2>>'$folder/listener.log'" -ReadLine
}

function Get-FleetOldModuleVersion { $script:OldModuleVersion }

function New-FleetSession {
    <#
    .SYNOPSIS
        Opens one PSSession per host given (all lab hosts by default), all in parallel, with the lab's key, known_hosts
        and BatchMode (without it ssh would prompt and hang). -Mode picks each host's module set-up (one mode for all,
        or one per host): 'module', 'none' (no LoopbackTools), 'old' (LoopbackTools of another version) or 'noptrace'
        (this build, run without CAP_SYS_PTRACE).
    #>
    param([Parameter(Mandatory)] $Lab, [object[]] $Hosts = $Lab.Hosts, [string[]] $Mode = 'module', [int] $ConnectTimeoutSeconds = 90)
    $connections = for ($i = 0; $i -lt $Hosts.Count; $i++) {
        $m = if ($Mode.Count -eq 1) { $Mode[0] } else { $Mode[$i] }
        @{
            HostName = $Hosts[$i].Name; UserName = 'root'; KeyFilePath = $Lab.KeyFile; Subsystem = $script:Modes[$m]
            ConnectingTimeout = $ConnectTimeoutSeconds * 1000      # absent from the hashtable, it would be 0: fail at once
            Options = @{
                UserKnownHostsFile = $Lab.KnownHosts; StrictHostKeyChecking = 'yes'; BatchMode = 'yes'; IdentitiesOnly = 'yes'
                ConnectTimeout = "$ConnectTimeoutSeconds"
            }
        }
    }
    New-PSSession -SSHConnection $connections -ErrorAction Stop
}

function Stop-FleetHost {
    <#
    Takes a host off the network the hard way: kills its sshd and everything under it (the per-connection sshd
    and the pwsh server of every open session), so its sessions break and new ones are refused.
    #>
    param([Parameter(Mandatory)] $FleetHost)
    Stop-RecordedProcess $FleetHost.Sshd
}

function Get-FleetHostKillCommand {
    <#
    A shell command that kills the host's sshd tree as it is now (PIDs listed here, checked against the recorded
    start time) after $DelaySeconds: for killing a host while a call to it is running.
    #>
    param([Parameter(Mandatory)] $FleetHost, [double] $DelaySeconds)
    $record = $FleetHost.Sshd
    if ((Get-ProcessStartTicks $record.Pid) -ne $record.StartTicks) { throw "sshd of $($FleetHost.Name) is not running" }
    $victims = @(@($record.Pid) + @(Get-DescendantProcessId $record.Pid)) -join ' '
    "sleep $DelaySeconds; kill -9 $victims"
}

function Remove-FleetLab {
    <#
    .SYNOPSIS
        Removes everything New-FleetLab made: recorded processes (and their descendants), namespaces (which takes
        their veth ends and so the veth pairs), the bridge and the lab's temp folder. Safe to call twice.
    #>
    param([Parameter(Mandatory)] $Lab)
    foreach ($h in @($Lab.Hosts)) {
        Stop-RecordedProcess $h.Listener
        Stop-RecordedProcess $h.Sshd
        foreach ($record in @($h.Listener, $h.Sshd)) {
            $child = if ($record) { $record.PSObject.Properties['Process'] }
            if ($child -and $child.Value) { $child.Value.Dispose() }
        }
        if ($h.NamespaceCreated) {
            Invoke-LabNative ip @('netns', 'del', $h.Namespace) -IgnoreFailure | Out-Null
            $h.NamespaceCreated = $false
        }
        # Normally gone with the namespace (its peer was inside); deleted here if the move never happened.
        Invoke-LabNative ip @('link', 'del', $h.Veth) -IgnoreFailure | Out-Null
    }
    if ($Lab.BridgeCreated) {
        Invoke-LabNative ip @('link', 'del', $Lab.Bridge) -IgnoreFailure | Out-Null
        $Lab.BridgeCreated = $false
    }
    if (Test-Path $Lab.Root) {
        # The module link is a symbolic link: remove it first, so a recursive delete never follows it into the build.
        Get-ChildItem (Join-Path $Lab.Root 'modules-module') -ErrorAction SilentlyContinue | ForEach-Object { $_.Delete() }
        try { Remove-Item $Lab.Root -Recurse -Force }
        catch { Start-Sleep -Milliseconds 500; Remove-Item $Lab.Root -Recurse -Force }
    }
}

Export-ModuleMember -Function New-FleetLab, Remove-FleetLab, New-FleetSession, Stop-FleetHost,
    Get-FleetHostKillCommand, Get-FleetOldModuleVersion, Get-DescendantProcessId
