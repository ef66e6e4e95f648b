# Helpers for the audit, baseline, policy and watch tests: real child processes and real listeners on the
# catalogue ports, always closed by the caller (Stop-ChildProcess from TestHelpers.psm1, .Stop() for listeners).

# Catalogue rows whose match needs no particular owner, so a listener of this test process counts as the service.
$script:CataloguePorts = 6379, 11211, 27017, 9200, 2379, 5984, 9042, 9092, 2181, 15672, 5672, 9300

function Open-CatalogueListener {
    <# A TcpListener on the first catalogue port free on this shared machine, on both 0.0.0.0 and 127.0.0.1. #>
    param([Parameter(Mandatory)] [string] $Address)
    foreach ($port in $script:CataloguePorts) {
        if (-not (Test-PortFree $port)) { continue }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), $port)
        try { $listener.Start(); return $listener }
        catch [System.Net.Sockets.SocketException] { }
    }
    throw "every catalogue port tried ($($script:CataloguePorts -join ', ')) is taken on this machine"
}

function Test-PortFree {
    <# True when nothing listens on the TCP port on any address (so 0.0.0.0 and 127.0.0.1 are both free). #>
    param([int] $Port)
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Any, $Port)
    try { $probe.Start(); $true } catch { $false } finally { $probe.Stop() }
}

function Get-UnusedTcpPort {
    <# A port free right now outside the ephemeral range, so an outgoing connection will not take it before the test binds it. #>
    $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
    for ($i = 0; $i -lt 200; $i++) {
        $port = Get-Random -Minimum 20000 -Maximum ([int] $range[0])
        if (Test-PortFree $port) { return $port }
    }
    throw 'no free TCP port found between 20000 and the ephemeral range'
}

function Start-PythonChild {
    <#
        A python3 child running -Code with -Argument as its argv, which prints one line (its port, or 'ready') when
        it is ready; returns the process and that line. The child exits by itself (the code must bound its life).
    #>
    param([Parameter(Mandatory)] [string] $Code, [string[]] $Argument = @(), [int] $TimeoutMilliseconds = 15000)
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    $psi.ArgumentList.Add('-c')
    $psi.ArgumentList.Add($Code)
    foreach ($a in $Argument) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($TimeoutMilliseconds) -or $null -eq $line.Result) {
        $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
        if (-not $process.HasExited) { $process.Kill() }
        throw "python child did not report within $TimeoutMilliseconds ms. $err"
    }
    [pscustomobject]@{ Process = $process; Line = $line.Result.Trim() }
}

function Start-NamedListener {
    <#
        A python3 child that renames itself (prctl PR_SET_NAME, what ps and /proc/<pid>/comm show) and listens
        on Address:Port (0 = any); returns the process and its port. It exits after LifetimeSeconds.
    #>
    param([string] $Name = 'python3', [string] $Address = '127.0.0.1', [int] $Port = 0, [string[]] $Argument = @(),
        [double] $LifetimeSeconds = 120)
    $code = @"
import ctypes, socket, sys, time
name = sys.argv[1].encode()
if name != b'python3':
    ctypes.CDLL(None).prctl(15, ctypes.c_char_p(name), 0, 0, 0)
s = socket.socket(socket.AF_INET6 if ':' in sys.argv[2] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[2], int(sys.argv[3])))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(float(sys.argv[4]))
"@
    $child = Start-PythonChild -Code $code -Argument (@($Name, $Address, "$Port", "$LifetimeSeconds") + $Argument)
    [pscustomobject]@{ Process = $child.Process; Port = [int] $child.Line }
}

Export-ModuleMember -Function Open-CatalogueListener, Test-PortFree, Get-UnusedTcpPort, Start-PythonChild, Start-NamedListener
