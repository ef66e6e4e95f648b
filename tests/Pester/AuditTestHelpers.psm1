# Helpers for the audit, baseline, policy and watch tests: real child processes and real listeners on the
# catalogue ports, always closed by the caller (Stop-ChildProcess from TestHelpers.psm1, .Stop() for listeners).

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

function Get-CataloguePort {
    <#
        The TCP ports of the sensitive-service catalogue that the port alone identifies (Match Port or PortOrProcess),
        so a listener of this test process on one of them counts as the service. Read from the catalogue itself, so
        the list follows it. On a real machine the famous ones (6379, 11211, 27017...) are often taken by the real
        services: callers take the first free one and assert on the finding's object, never on the catalogue's prose.
    #>
    $csv = Join-Path $PSScriptRoot '../../src/LoopbackTools.Core/Audit/SensitiveServices.csv'
    $rows = Get-Content $csv | Where-Object { $_ -and -not $_.StartsWith('#') } | ConvertFrom-Csv
    @($rows | Where-Object { $_.Protocol -eq 'Tcp' -and $_.Match -in 'Port', 'PortOrProcess' -and [int] $_.Port -ge 1024 } |
        ForEach-Object { [int] $_.Port } | Select-Object -Unique)
}

function Open-CatalogueListener {
    <# A TcpListener on the first catalogue port free on this shared machine, on both 0.0.0.0 and 127.0.0.1. #>
    param([Parameter(Mandatory)] [string] $Address)
    $ports = Get-CataloguePort
    foreach ($port in $ports) {
        if (-not (Test-PortFree $port)) { continue }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), $port)
        try { $listener.Start(); return $listener }
        catch [System.Net.Sockets.SocketException] { }
    }
    throw "every catalogue port tried ($($ports -join ', ')) is taken on this machine"
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
    param([Parameter(Mandatory)] [string] $Code, [string[]] $Argument = @(), [int] $TimeoutMilliseconds = (Get-ReadinessTimeout -Seconds 15))
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
        on Address:Port (0 = any); returns the process and its port. It exits after LifetimeSeconds (tests stop it sooner).
    #>
    param([string] $Name = 'python3', [string] $Address = '127.0.0.1', [int] $Port = 0, [string[]] $Argument = @(),
        [double] $LifetimeSeconds = 600)
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

Export-ModuleMember -Function Get-CataloguePort, Open-CatalogueListener, Test-PortFree, Get-UnusedTcpPort, Start-PythonChild, Start-NamedListener
