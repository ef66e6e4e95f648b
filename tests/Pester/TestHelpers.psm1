# Helpers shared by the Pester files: real sockets and real child processes on loopback, always closed by the caller.

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
    <# A child process (python3) that listens on 127.0.0.1 and prints its port; it exits by itself after 120 s. #>
    param([string] $Address = '127.0.0.1', [string] $Marker = 'lbt-test')
    $family = if ($Address.Contains(':')) { 'socket.AF_INET6' } else { 'socket.AF_INET' }
    $code = "import socket,sys,time; s=socket.socket($family); s.bind(('$Address',0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(120) # $Marker"
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($code)
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(10000)) { $process.Kill(); throw 'child listener did not report its port within 10 s' }
    [pscustomobject]@{ Process = $process; Port = [int] $line.Result }
}

function Stop-ChildProcess {
    param($Process)
    if ($Process -and -not $Process.HasExited) { $Process.Kill(); $null = $Process.WaitForExit(5000) }
    if ($Process) { $Process.Dispose() }
}

Export-ModuleMember -Function *
