# Helpers shared by the Pester files: real sockets and real child processes on loopback, always closed by the caller.

function Get-ReadinessTimeout {
    <#
    Milliseconds to wait for something to get ready (a child printing its port, a pwsh in a namespace finishing). The
    wait ends as soon as it is ready, so the bound only decides how long a hang takes to fail; it grows with the load
    per core (at most 10 times), because on a busy machine a python3 child can wait many seconds for a CPU.
    LOOPBACKTOOLS_TEST_WAIT_SCALE sets the factor outright (the xunit tests read it too: ReadinessWait.cs).
    #>
    param([Parameter(Mandatory)] [double] $Seconds)
    $scale = 1.0
    if ([double]::TryParse("$env:LOOPBACKTOOLS_TEST_WAIT_SCALE", [Globalization.NumberStyles]::Float,
            [Globalization.CultureInfo]::InvariantCulture, [ref] $scale) -and $scale -ge 1) {
        return [int] ($Seconds * 1000 * $scale)
    }
    $scale = 1.0
    if (Test-Path /proc/loadavg) {
        $load = [double]::Parse(((Get-Content /proc/loadavg -Raw) -split ' ')[0], [Globalization.CultureInfo]::InvariantCulture)
        $scale = [Math]::Min(10, [Math]::Max(1, $load / [Environment]::ProcessorCount))
    }
    [int] ($Seconds * 1000 * $scale)
}

function New-TestTcpListener {
    param([string] $Address = '127.0.0.1', [int] $Port = 0)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), $Port)
    if ($Address -eq '::') { $listener.Server.DualMode = $false }
    $listener.Start()
    $listener
}

function New-TestUdpSocket {
    param([string] $Address = '127.0.0.1', [int] $Port = 0)
    $ip = [System.Net.IPAddress]::Parse($Address)
    $socket = [System.Net.Sockets.Socket]::new($ip.AddressFamily, [System.Net.Sockets.SocketType]::Dgram, [System.Net.Sockets.ProtocolType]::Udp)
    if ($Address -eq '::') { $socket.DualMode = $false }
    $socket.Bind([System.Net.IPEndPoint]::new($ip, $Port))
    $socket
}

function Start-ListenerProcess {
    <# A child process (python3) that listens on 127.0.0.1 and prints its port; it exits by itself after 600 s (tests stop it sooner). #>
    param([string] $Address = '127.0.0.1', [string] $Marker = 'lbt-test')
    $family = if ($Address.Contains(':')) { 'socket.AF_INET6' } else { 'socket.AF_INET' }
    $code = "import socket,sys,time; s=socket.socket($family); s.bind(('$Address',0)); s.listen(); " +
        "print(s.getsockname()[1], flush=True); time.sleep(600) # $Marker"
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($code)
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    $timeout = Get-ReadinessTimeout -Seconds 10
    if (-not $line.Wait($timeout)) { $process.Kill(); throw "child listener did not report its port within $timeout ms" }
    [pscustomobject]@{ Process = $process; Port = [int] $line.Result }
}

function Stop-ChildProcess {
    param($Process)
    if ($Process -and -not $Process.HasExited) { $Process.Kill(); $null = $Process.WaitForExit(5000) }
    if ($Process) { $Process.Dispose() }
}

function Start-PythonSocketProcess {
    <#
    A python3 child running $Code (socket, sys and time are imported), which must print one line once its sockets
    are ready; the child then sleeps and exits by itself after 600 s (tests stop it sooner). Returns the process and that line.
    #>
    param([Parameter(Mandatory)] [string] $Code, [string] $Marker = 'lbt-test')
    $script = "import socket, sys, time`n$Code`nsys.stdout.flush()`ntime.sleep(600) # $Marker"
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($script)
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    $timeout = Get-ReadinessTimeout -Seconds 10
    if (-not $line.Wait($timeout) -or $null -eq $line.Result) {
        $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
        Stop-ChildProcess $process
        throw "python3 child did not get ready within $timeout ms: $err"
    }
    [pscustomobject]@{ Process = $process; Line = $line.Result }
}

function Get-TestFreePort {
    <#
    A port that is free right now for TCP and UDP on IPv4 and IPv6 and lies below the ephemeral range and above the
    privileged ports, so that a test starts from a port with nothing special about it. Bounded to 200 tries.
    #>
    param([int] $Minimum = 20000)
    $low = [int] ((Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+')[0]
    $maximum = [Math]::Min($low - 1, 32000)
    for ($i = 0; $i -lt 200; $i++) {
        $port = Get-Random -Minimum $Minimum -Maximum $maximum
        $sockets = @()
        try {
            foreach ($address in '0.0.0.0', '::') {
                foreach ($type in 'Stream', 'Dgram') {
                    $ip = [System.Net.IPAddress]::Parse($address)
                    $proto = if ($type -eq 'Stream') { 'Tcp' } else { 'Udp' }
                    $s = [System.Net.Sockets.Socket]::new($ip.AddressFamily, $type, $proto)
                    $sockets += $s
                    if ($address -eq '::') { $s.DualMode = $false }
                    $s.Bind([System.Net.IPEndPoint]::new($ip, $port))
                }
            }
            return $port
        }
        catch [System.Net.Sockets.SocketException] { }
        finally { $sockets | ForEach-Object { $_.Dispose() } }
    }
    throw 'no free port found in 200 tries'
}

function Invoke-PwshInNetworkNamespace {
    <#
    Runs $Script in a new pwsh inside a fresh network namespace (unshare -n) that exists only for that process,
    after the shell commands in $Setup (loopback is brought up first; per-namespace sysctls may be written there).
    $Prefix is put before the pwsh command (for example setpriv to drop a capability). $Unshare adds namespaces (-m
    for a mount namespace in which $Setup may bind-mount a file over /etc/hosts). Returns stdout; the child is
    killed after $TimeoutSeconds (scaled with the machine's load, see Get-ReadinessTimeout). Needs root, as these tests run.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string] $Setup = '',
        [string[]] $Prefix = @(),
        [string[]] $Unshare = @(),
        [int] $TimeoutSeconds = 60
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-netns-$([guid]::NewGuid()).ps1"
    Set-Content -Path $file -Value $Script
    $psi = [System.Diagnostics.ProcessStartInfo]::new('unshare')
    foreach ($a in @('-n') + $Unshare + @('sh', '-c', "ip link set lo up && $(if ($Setup) { "$Setup && " })exec `"`$@`"", 'sh') + $Prefix + @(
            [Environment]::ProcessPath, [System.Reflection.Assembly]::GetEntryAssembly().Location, '-NoProfile', '-NonInteractive', '-File', $file)) {
        $psi.ArgumentList.Add($a)
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment['NO_COLOR'] = '1'
    $psi.Environment['LOOPBACKTOOLS_MODULE'] = $env:LOOPBACKTOOLS_MODULE
    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timeout = Get-ReadinessTimeout -Seconds $TimeoutSeconds
        if (-not $process.WaitForExit($timeout)) { throw "pwsh in a network namespace did not finish within $timeout ms" }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "pwsh in a network namespace failed ($($process.ExitCode)): $($stderr.Result)" }
        $stdout.Result
    }
    finally {
        Stop-ChildProcess $process
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function *
